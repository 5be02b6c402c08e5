"""The ceiling: the least a Flask app can do per request, served the same way as Kommentar."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/json")
def hello():
    return jsonify(message="Hello, World!")
