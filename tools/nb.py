"""Norwegian bokmål for every message (source of app/translations/nb); run tools/catalogues.py."""

NB = {
    "%(num)s comment": ("%(num)s kommentar", "%(num)s kommentarer"),
    "Abusive or hateful": "Hets eller hatefullt",
    "Already decided": "Allerede avgjort",
    "Anything else we should know? (optional)": "Noe mer vi bør vite? (valgfritt)",
    "Are you %(age)s or older?": "Er du %(age)s år eller eldre?",
    "Back to the front page": "Tilbake til forsiden",
    "Back to where you were": "Tilbake dit du var",
    "Before you comment, please": "Før du kommenterer, må du",
    "Comments": "Kommentarer",
    "Comments by Kommentar": "Kommentarer fra Kommentar",
    "Comments from readers under %(age)s are read by a moderator before they are published.":
        "Kommentarer fra lesere under %(age)s år leses av en moderator før de publiseres.",
    "Contact us": "Kontakt oss",
    "Continue": "Fortsett",
    "Delete": "Slett",
    "Delete this comment? This cannot be undone.": "Slette denne kommentaren? Det kan ikke angres.",
    "Delete your comment": "Slett kommentaren din",
    "Edit": "Rediger",
    "Edit your comment": "Rediger kommentaren din",
    "Error": "Feil",
    "Facebook could not be reached. Please try again in a moment.":
        "Vi fikk ikke kontakt med Facebook. Prøv igjen om litt.",
    "Facebook did not complete the login.": "Facebook fullførte ikke innloggingen.",
    "For parents and guardians": "For foreldre og foresatte",
    "I have read it": "Jeg har lest den",
    "I think the writer is a child": "Jeg tror skribenten er et barn",
    "Language": "Språk",
    "link to this comment": "lenke til denne kommentaren",
    "Log in": "Logg inn",
    "Log in to comment": "Logg inn for å kommentere",
    "Log in to do that.": "Logg inn for å gjøre det.",
    "Log in with Facebook": "Logg inn med Facebook",
    "Log in with Facebook to comment": "Logg inn med Facebook for å kommentere",
    "Log out": "Logg ut",
    "Logged in already?": "Allerede logget inn?",
    "Login cancelled": "Innlogging avbrutt",
    "Main": "Hovedmeny",
    "Moderation": "Moderering",
    "More comments": "Flere kommentarer",
    "My data": "Mine data",
    "Newest first": "Nyeste først",
    "No": "Nei",
    "No comments yet.": "Ingen kommentarer ennå.",
    "No problem — nothing was shared with us. You can keep reading, and log in whenever you "
    "want to comment.":
        "Helt i orden – ingenting ble delt med oss. Du kan lese videre og logge inn når du "
        "vil kommentere.",
    "Not allowed": "Ikke tillatt",
    "Not found": "Ikke funnet",
    "Not published:": "Ikke publisert:",
    "Oldest first": "Eldste først",
    "One question": "Ett spørsmål",
    "One question before you comment": "Ett spørsmål før du kommenterer",
    "Only published comments can be reported.": "Bare publiserte kommentarer kan rapporteres.",
    "Order of comments": "Rekkefølge på kommentarene",
    "Our privacy statement has changed (version %(version)s).":
        "Personvernerklæringen vår er endret (versjon %(version)s).",
    "Please choose a reason, and keep the note under 500 characters.":
        "Velg en grunn, og hold merknaden under 500 tegn.",
    "Please choose an answer.": "Velg et svar.",
    "Please correct this:": "Rett opp dette:",
    "Please read what is new.": "Les hva som er nytt.",
    "Please write something before you send it.": "Skriv noe før du sender.",
    "Privacy": "Personvern",
    "Privacy statement": "Personvernerklæring",
    "Reply": "Svar",
    "Reply to %(name)s": "Svar til %(name)s",
    "Report": "Rapporter",
    "Report the comment by %(name)s": "Rapporter kommentaren fra %(name)s",
    "Save": "Lagre",
    "Send": "Send",
    "Send reply": "Send svar",
    "Send report": "Send rapport",
    "Shares someone's personal details": "Deler noens personopplysninger",
    "Show my comments": "Vis kommentarene mine",
    "Skip to content": "Gå til innholdet",
    "Slow down": "Ta det med ro",
    "Something else": "Noe annet",
    "Something went wrong": "Noe gikk galt",
    "Something went wrong on our side.": "Noe gikk galt hos oss.",
    "Spam or advertising": "Søppelpost eller reklame",
    "Temporarily unavailable": "Midlertidig utilgjengelig",
    "Thank you for telling us. A moderator will look at the comment.":
        "Takk for at du sa fra. En moderator ser på kommentaren.",
    "Thank you! Your comment will appear when a moderator has read it.":
        "Takk! Kommentaren din vises når en moderator har lest den.",
    "That comment is not available.": "Den kommentaren er ikke tilgjengelig.",
    "That did not work. Please try again.": "Det gikk ikke. Prøv igjen.",
    "That request did not make sense": "Forespørselen ga ikke mening",
    "That was too much": "Det var for mye",
    "The form expired or its security token is missing. Reload and try again.":
        "Skjemaet er utløpt eller mangler sikkerhetsnøkkel. Last inn siden på nytt og prøv igjen.",
    "The login could not be verified. Please start again.":
        "Innloggingen kunne ikke bekreftes. Begynn på nytt.",
    "The login link is incomplete. Please start again.":
        "Innloggingslenken er ufullstendig. Begynn på nytt.",
    "The service is temporarily unavailable. Please try again soon.":
        "Tjenesten er midlertidig utilgjengelig. Prøv igjen snart.",
    "There is no comment thread here.": "Det finnes ingen kommentartråd her.",
    "This comment was deleted by its writer.": "Denne kommentaren ble slettet av skribenten.",
    "This comment was removed.": "Denne kommentaren ble fjernet.",
    "Unsupported format": "Formatet støttes ikke",
    "Up to %(count)s characters.": "Opptil %(count)s tegn.",
    "Why should a moderator look at it?": "Hvorfor bør en moderator se på den?",
    "Write a comment": "Skriv en kommentar",
    "Yes": "Ja",
    "You are logged in.": "Du er logget inn.",
    "You are logged out.": "Du er logget ut.",
    "You can read every thread without logging in. To comment, log in with Facebook. We "
    "receive your name and your age range from Facebook — never your e-mail, picture or "
    "birthday.":
        "Du kan lese alle tråder uten å logge inn. For å kommentere logger du inn med Facebook. "
        "Vi får navnet ditt og aldersgruppen din fra Facebook – aldri e-postadressen, bildet "
        "eller fødselsdagen din.",
    "You cannot do that": "Det kan du ikke gjøre",
    "You did not log in": "Du logget ikke inn",
    "You have already reported this comment; a moderator will look at it.":
        "Du har allerede rapportert denne kommentaren; en moderator ser på den.",
    "You reported this comment. A moderator will look at it.":
        "Du har rapportert denne kommentaren. En moderator ser på den.",
    "Your account cannot comment at the moment.": "Kontoen din kan ikke kommentere nå.",
    "Your comment": "Kommentaren din",
    "Your comment is deleted.": "Kommentaren din er slettet.",
    "Your comment is published.": "Kommentaren din er publisert.",
    "Your comment is updated.": "Kommentaren din er oppdatert.",
    "Your comments are read by a moderator before anyone else can see them.":
        "Kommentarene dine leses av en moderator før andre kan se dem.",
    "Your reply": "Svaret ditt",
    "[removed]": "[fjernet]",
    "a moderator decided not to publish it": "en moderator valgte å ikke publisere den",
    "answer one question about your age": "svare på ett spørsmål om alderen din",
    "edited": "redigert",
    "just now": "akkurat nå",
    "waiting for a moderator": "venter på en moderator",
    "{count} characters too many.": "{count} tegn for mye.",
    "{count} left.": "{count} igjen.",
    "A moderator closed this request on %(day)s. We e-mailed the reason.":
        "En moderator avsluttet denne forespørselen %(day)s. Vi har sendt deg begrunnelsen "
        "på e-post.",
    "A moderator is looking at this request.": "En moderator ser på denne forespørselen.",
    "A moderator agreed on %(day)s. The deletion is running now; we will e-mail a receipt when it "
    "is complete.":
        "En moderator ga deg medhold %(day)s. Slettingen pågår nå; vi sender en kvittering på "
        "e-post når den er ferdig.",
    "Account deleted": "Kontoen er slettet",
    "Articles": "Artikler",
    "Check your e-mail": "Sjekk e-posten din",
    "Closed without deleting anything.": "Avsluttet uten at noe ble slettet.",
    "Closed: the request was never confirmed.": "Avsluttet: forespørselen ble aldri bekreftet.",
    "Completed on %(moment)s.": "Fullført %(moment)s.",
    "Completed: the data is deleted.": "Fullført: opplysningene er slettet.",
    "Confirm my request": "Bekreft forespørselen min",
    "Confirm your request": "Bekreft forespørselen din",
    "Confirmation code:": "Bekreftelseskode:",
    "Confirmed by a moderator: the data is being deleted.":
        "Bekreftet av en moderator: opplysningene slettes nå.",
    "Deletion status": "Status for sletting",
    "Follow the deletion at": "Følg slettingen på",
    "Follow your request": "Følg forespørselen din",
    "How many": "Antall",
    "If we find comments matching your request, we will hide them as soon as you confirm, and a "
    "moderator will look at the request. The e-mail also tells you how to follow it.":
        "Finner vi kommentarer som passer med forespørselen, skjuler vi dem så snart du bekrefter, "
        "og en moderator ser på saken. E-posten forteller også hvordan du kan følge den.",
    "If we found comments matching your request, they are now hidden from other readers. A "
    "moderator will look at the request, and also search for comments we may have missed. We "
    "will e-mail you when they have decided.":
        "Fant vi kommentarer som passer med forespørselen, er de nå skjult for andre lesere. En "
        "moderator ser på saken og leter også etter kommentarer vi kan ha oversett. Vi sender deg "
        "en e-post når saken er avgjort.",
    "If you did not ask for this, close this page: nothing will happen.":
        "Har du ikke bedt om dette, kan du lukke siden: ingenting skjer.",
    "In progress. We are deleting the data now.": "Pågår. Vi sletter opplysningene nå.",
    "It was confirmed on %(day)s. Any comments we found are hidden from other readers until a "
    "moderator has decided.":
        "Den ble bekreftet %(day)s. Kommentarer vi fant, er skjult for andre lesere til en "
        "moderator har avgjort saken.",
    "Keep the code if you want to check later; the page shows no personal data.":
        "Ta vare på koden hvis du vil sjekke senere; siden viser ingen personopplysninger.",
    "No articles yet.": "Ingen artikler ennå.",
    "No e-mail? Look in your spam folder. The link works for 7 days.":
        "Ingen e-post? Se i søppelpostmappen. Lenken virker i 7 dager.",
    "Not carried out:": "Ikke utført:",
    "Press the button to confirm that you want us to remove a child's comments and data. "
    "Comments matching your request are then hidden at once, and a moderator looks at it.":
        "Trykk på knappen for å bekrefte at du vil at vi fjerner et barns kommentarer og "
        "opplysninger. Kommentarer som passer med forespørselen, skjules da med en gang, og en "
        "moderator ser på saken.",
    "Read more in our privacy statement.": "Les mer i personvernerklæringen vår.",
    "Received. We have your request and will start shortly.":
        "Mottatt. Vi har fått forespørselen og begynner snart.",
    "Request %(reference)s": "Forespørsel %(reference)s",
    "Request confirmed": "Forespørselen er bekreftet",
    "Send a new request": "Send en ny forespørsel",
    "Thank you, your request is confirmed": "Takk, forespørselen din er bekreftet",
    "Thank you. We have sent an e-mail to the address you gave. Please open the link in it and "
    "confirm your request; we do nothing until you do.":
        "Takk. Vi har sendt en e-post til adressen du oppga. Åpne lenken i den og bekreft "
        "forespørselen; vi gjør ingenting før du gjør det.",
    "The deletion was completed on %(day)s.": "Slettingen ble fullført %(day)s.",
    "The receipt code is": "Kvitteringskoden er",
    "This page shows no personal data. We keep only this receipt, and a keyed fingerprint of the "
    "Facebook account so that the deletion can be repeated if we ever restore a backup.":
        "Denne siden viser ingen personopplysninger. Vi beholder bare denne kvitteringen og et "
        "nøkkelbasert fingeravtrykk av Facebook-kontoen, slik at slettingen kan gjentas hvis vi "
        "noen gang henter fram en sikkerhetskopi.",
    "Waiting for confirmation.": "Venter på bekreftelse.",
    "We deleted it.": "Vi har slettet den.",
    "We held no data about this person, so there was nothing to delete.":
        "Vi hadde ingen opplysninger om denne personen, så det var ingenting å slette.",
    "We sent a link to the e-mail address given with the request. Nothing happens until it is "
    "confirmed.":
        "Vi sendte en lenke til e-postadressen som ble oppgitt. Ingenting skjer før den er "
        "bekreftet.",
    "What": "Hva",
    "What was deleted": "Hva som ble slettet",
    "You are logged out on every device. We are deleting your account and everything about you "
    "now.":
        "Du er logget ut på alle enheter. Vi sletter nå kontoen din og alt om deg.",
    "Your account is being deleted": "Kontoen din slettes",
    "Your confirmation code:": "Bekreftelseskoden din:",
    "Your reference is": "Referansen din er",
    "see the receipt": "se kvitteringen",
    "the request could not be carried out": "forespørselen kunne ikke utføres",
}

# E-mails (templates/mail): rendered in the language of the request that sends them, or in
# DEFAULT_LOCALE when a job sends them later.
NB.update({
    "A moderator has looked at your request %(reference)s and closed it without deleting "
    "anything. This is the reason they gave:":
        "En moderator har sett på forespørselen %(reference)s og avsluttet den uten å slette "
        "noe. Dette er begrunnelsen:",
    "A moderator has looked at your request %(reference)s and confirmed it. We are now deleting "
    "the reader's account, comments and everything else we hold about them.":
        "En moderator har sett på forespørselen %(reference)s og bekreftet den. Vi sletter nå "
        "leserens konto, kommentarer og alt annet vi har om vedkommende.",
    "A reader replied to your comment": "En leser har svart på kommentaren din",
    'A reader replied to your comment under "%(article_title)s". Read the reply here:':
        'En leser har svart på kommentaren din under «%(article_title)s». Les svaret her:',
    "Any comments we hid while we looked into your request can be seen again.":
        "Kommentarer vi skjulte mens vi så på forespørselen, er synlige igjen.",
    "Hello,": "Hei,",
    "If we found comments matching your request, they are now hidden from other readers while "
    "one of our moderators looks at it. The moderators will also look for comments that our "
    "automatic search may have missed. We aim to decide within %(hours)s hours.":
        "Fant vi kommentarer som passer med forespørselen, er de nå skjult for andre lesere mens "
        "en av moderatorene våre ser på saken. Moderatorene leter også etter kommentarer som det "
        "automatiske søket kan ha oversett. Vi tar sikte på å avgjøre saken innen %(hours)s timer.",
    "If you did not ask for this, ignore this e-mail: we will send you nothing more.":
        "Har du ikke bedt om dette, kan du se bort fra denne e-posten: vi sender deg ikke mer.",
    "If you think this is wrong, you are welcome to send a new request with more details (for "
    "example links to the comments) at %(request_link)s.":
        "Mener du at dette er feil, er du velkommen til å sende en ny forespørsel med flere "
        "detaljer (for eksempel lenker til kommentarene) på %(request_link)s.",
    "Please confirm reply notifications from Kommentar":
        "Bekreft varsler om svar fra Kommentar",
    "Please confirm your request to Kommentar": "Bekreft forespørselen din til Kommentar",
    "Receipt code:": "Kvitteringskode:",
    "Someone, probably you, asked Kommentar to remove a child's comments and data, and gave this "
    "e-mail address so that we can reach them.":
        "Noen, sannsynligvis du, har bedt Kommentar om å fjerne et barns kommentarer og "
        "opplysninger, og oppga denne e-postadressen så vi kan nå dem.",
    "Thank you for confirming. Your request has the reference %(reference)s.":
        "Takk for at du bekreftet. Forespørselen din har referansen %(reference)s.",
    "The deletion you asked for in request %(reference)s is complete. The reader's account, "
    "comments and other data are deleted. Where other readers had replied to one of the child's "
    "comments, an empty placeholder keeps those replies in place; it shows nothing of the child.":
        "Slettingen du ba om i forespørsel %(reference)s er fullført. Leserens konto, kommentarer "
        "og andre opplysninger er slettet. Der andre lesere hadde svart på en av barnets "
        "kommentarer, holder en tom plassholder svarene på plass; den viser ingenting om barnet.",
    "The link works for %(days)s days. If you did not make this request, you can ignore this "
    "e-mail: nothing will happen, and we will delete the request and this address after "
    "%(days)s days.":
        "Lenken virker i %(days)s dager. Har du ikke sendt denne forespørselen, kan du se bort "
        "fra e-posten: ingenting skjer, og vi sletter forespørselen og adressen etter "
        "%(days)s dager.",
    "The receipt, with the time and what was deleted (no personal data):":
        "Kvitteringen, med tidspunkt og hva som ble slettet (ingen personopplysninger):",
    'To confirm the request, open this link and press "Confirm my request":':
        "For å bekrefte forespørselen åpner du denne lenken og trykker "
        "«Bekreft forespørselen min»:",
    "We have your request %(reference)s": "Vi har mottatt forespørselen %(reference)s",
    "We keep this request and your e-mail address for %(days)s days in case you have questions, "
    "then delete them too.":
        "Vi beholder forespørselen og e-postadressen din i %(days)s dager i tilfelle du har "
        "spørsmål, og sletter dem så.",
    "We will e-mail you again with a receipt as soon as the deletion is complete, usually within "
    "minutes. You can follow it here:":
        "Vi sender deg en ny e-post med kvittering så snart slettingen er fullført, vanligvis "
        "innen få minutter. Du kan følge den her:",
    "We will e-mail you when a moderator has decided.":
        "Vi sender deg en e-post når en moderator har avgjort saken.",
    'You asked Kommentar to e-mail you when someone replies to your comments. To confirm that '
    'this is your address, open this link and press "Confirm":':
        "Du har bedt Kommentar om å sende deg e-post når noen svarer på kommentarene dine. For å "
        "bekrefte at dette er adressen din, åpner du lenken og trykker «Bekreft»:",
    "You can follow your request here:": "Du kan følge forespørselen din her:",
    "You get this e-mail because you asked for reply notifications. To stop them, go to "
    "%(settings_link)s":
        "Du får denne e-posten fordi du har bedt om varsler om svar. Du kan slå dem av på "
        "%(settings_link)s",
    "Your request %(reference)s is complete: the data is deleted":
        "Forespørselen %(reference)s er fullført: opplysningene er slettet",
    "Your request %(reference)s was closed": "Forespørselen %(reference)s er avsluttet",
    "Your request %(reference)s: we are deleting the data":
        "Forespørselen %(reference)s: vi sletter opplysningene",
})

# The guardian's request form.
NB.update({
    "Anything else that helps us find the comments (optional)":
        "Noe annet som hjelper oss å finne kommentarene (valgfritt)",
    "Ask us to remove a child's comments": "Be oss fjerne et barns kommentarer",
    'Children are shown with a name like "Reader 4821".':
        "Barn vises med et navn som «Reader 4821».",
    "Children under %(age)s can comment here with a Facebook account, and a moderator reads "
    "every one of their comments before it is published. If your child has commented here and "
    "you want their comments and data removed, tell us below. You do not need an account.":
        "Barn under %(age)s år kan kommentere her med en Facebook-konto, og en moderator leser "
        "hver eneste kommentar fra dem før den publiseres. Har barnet ditt kommentert her og du "
        "vil at kommentarene og opplysningene fjernes, kan du si fra nedenfor. Du trenger ingen "
        "konto.",
    "Each comment has a link under it. Copy it here if you can: it helps us find the right "
    "comments.":
        "Hver kommentar har en lenke (tidspunktet). Kopier den hit om du kan: det hjelper oss å "
        "finne de riktige kommentarene.",
    "Guardian": "Verge",
    "How we reach you": "Slik når vi deg",
    "I agree that Kommentar keeps this request and my e-mail address to handle it.":
        "Jeg godtar at Kommentar lagrer forespørselen og e-postadressen min for å behandle den.",
    "Links to the comments, one per line (if you have them)":
        "Lenker til kommentarene, én per linje (hvis du har dem)",
    "Other (please explain below)": "Annet (forklar nedenfor)",
    "Parent": "Forelder",
    "Please give one e-mail address, like name@example.com.":
        "Oppgi én e-postadresse, for eksempel navn@example.com.",
    "Please give the child's name as shown here, or links to the comments.":
        "Oppgi barnets navn slik det vises her, eller lenker til kommentarene.",
    "Please keep this to one line.": "Hold dette på én linje.",
    "Please tell us how you are related to the child.":
        "Fortell oss hvordan du er i slekt med barnet.",
    "Please tick the box so that we may handle it.":
        "Kryss av i boksen så vi kan behandle forespørselen.",
    "Send the request": "Send forespørselen",
    "The article the child commented on (its address or title)":
        "Artikkelen barnet kommenterte (adresse eller tittel)",
    "The child's comments": "Barnets kommentarer",
    "The child's name as it is shown on the comments":
        "Barnets navn slik det vises på kommentarene",
    "This contains characters that are not allowed.": "Dette inneholder tegn som ikke er tillatt.",
    "We use it only for this request, and delete it %(days)s days after the request is closed.":
        "Vi bruker den bare til denne forespørselen og sletter den %(days)s dager etter at saken "
        "er avsluttet.",
    "We will send you an e-mail with a link to confirm the request. Once you confirm, the "
    "comments we find are hidden at once, and a moderator decides within %(hours)s hours. If the "
    "moderator agrees, we delete the child's account, comments and everything else we hold about "
    "them, and e-mail you a receipt.":
        "Vi sender deg en e-post med en lenke for å bekrefte forespørselen. Når du har bekreftet, "
        "skjuler vi kommentarene vi finner med en gang, og en moderator avgjør saken innen "
        "%(hours)s timer. Gir moderatoren deg medhold, sletter vi barnets konto, kommentarer og "
        "alt annet vi har om barnet, og sender deg en kvittering på e-post.",
    "You are the child's": "Du er barnets",
    "Your e-mail address": "E-postadressen din",
})

# Contact form and reply notifications.
NB.update({
    "Are you a parent or guardian who wants a child's comments removed?":
        "Er du forelder eller verge og vil at et barns kommentarer skal fjernes?",
    "Check your e-mail: open the link we sent to switch notifications on.":
        "Sjekk e-posten din: åpne lenken vi sendte for å slå på varslene.",
    "Confirm": "Bekreft",
    "Confirm reply notifications": "Bekreft varsler om svar",
    "Done. We will not e-mail you about replies, and we have deleted the address.":
        "Ferdig. Vi sender deg ikke e-post om svar, og vi har slettet adressen.",
    "E-mail me when someone replies": "Send meg e-post når noen svarer",
    "Leave your e-mail address only if you would like an answer.":
        "Oppgi e-postadressen bare hvis du vil ha svar.",
    "Off.": "Av.",
    "On. We e-mail %(address)s when someone replies to one of your comments.":
        "På. Vi sender e-post til %(address)s når noen svarer på en av kommentarene dine.",
    "Please keep it under 5,000 characters.": "Hold det under 5 000 tegn.",
    "Please write a message.": "Skriv en melding.",
    "Press the button to have replies to your comments e-mailed to this address.":
        "Trykk på knappen for å få svar på kommentarene dine på e-post til denne adressen.",
    "Questions, ideas or something that does not work? Tell us here.":
        "Spørsmål, ideer eller noe som ikke virker? Si fra her.",
    "Reply notifications": "Varsler om svar",
    "Reply notifications are on": "Varsler om svar er slått på",
    "Switch off and delete my address": "Slå av og slett adressen min",
    "Switch on": "Slå på",
    "Thank you": "Takk",
    "Thank you for your message": "Takk for meldingen din",
    "The e-mail says only that a reader replied, with a link to the thread. We use the address "
    "for nothing else, and delete it when you switch this off or delete your account.":
        "E-posten sier bare at en leser har svart, med en lenke til tråden. Vi bruker adressen "
        "til ingenting annet, og sletter den når du slår dette av eller sletter kontoen din.",
    "Use this address instead": "Bruk denne adressen i stedet",
    "Use this form instead": "Bruk dette skjemaet i stedet",
    "Waiting for you to confirm: open the link we sent to %(address)s.":
        "Venter på at du bekrefter: åpne lenken vi sendte til %(address)s.",
    "We have received it. We keep it for %(days)s days and then delete it.":
        "Vi har mottatt den. Vi beholder den i %(days)s dager og sletter den så.",
    "We keep messages for %(days)s days, then delete them.":
        "Vi beholder meldinger i %(days)s dager og sletter dem så.",
    "We will e-mail you when someone replies to one of your comments. You can switch this off "
    "at any time under":
        "Vi sender deg e-post når noen svarer på en av kommentarene dine. Du kan slå det av når "
        "som helst under",
    "We will know the message is from your account.": "Vi ser at meldingen kommer fra kontoen din.",
    "Your e-mail address (only if you would like an answer)":
        "E-postadressen din (bare hvis du vil ha svar)",
    "Your message": "Meldingen din",
    "Your name (optional)": "Navnet ditt (valgfritt)",
    "reply notifications": "varsler om svar",
})

# Strings from main's guardian and mail-limit changes (merged after issue 9).
NB.update({
    "A moderator will look at the request, and also search for comments we may have missed. We "
    "will e-mail you when they have decided.":
        "En moderator ser på forespørselen og leter også etter kommentarer vi kan ha oversett. Vi "
        "sender deg en e-post når saken er avgjort.",
    "It was confirmed on %(day)s. A moderator will decide what to remove and tell you by e-mail.":
        "Den ble bekreftet %(day)s. En moderator avgjør hva som skal fjernes, og forteller deg "
        "det på e-post.",
    "One of our moderators will look at it, and will also look for comments that our automatic "
    "search may have missed. We aim to decide within %(hours)s hours.":
        "En av moderatorene våre ser på den og leter også etter kommentarer som det automatiske "
        "søket kan ha oversett. Vi tar sikte på å avgjøre saken innen %(hours)s timer.",
    "We have sent that address several e-mails this hour. Please try later.":
        "Vi har sendt flere e-poster til den adressen denne timen. Prøv igjen senere.",
    "Our staff read them and answer by e-mail when you give an address.":
        "Medarbeiderne våre leser dem og svarer på e-post når du oppgir en adresse.",
    "Back to all comments": "Tilbake til alle kommentarene",
    "More replies": "Flere svar",
    "%(num)s more reply": ("%(num)s svar til", "%(num)s svar til"),
})
