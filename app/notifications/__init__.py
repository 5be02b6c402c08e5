"""Reply notifications by e-mail: /notifications."""
