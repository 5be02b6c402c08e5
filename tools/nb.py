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
        "Er du forelder eller foresatt og vil at et barns kommentarer skal fjernes?",
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

# -- /me, the privacy statement and the privacy map's plain words ------------------------------
NB.update({
    "%(age)s or older: your comments are published at once.":
        "%(age)s år eller eldre: kommentarene dine publiseres med en gang.",
    "We do not know your age, so your comments wait for a moderator.":
        "Vi vet ikke hvor gammel du er, så kommentarene dine venter på en moderator.",
    "You may be under %(age)s, so your comments wait for a moderator.":
        "Du kan være under %(age)s år, så kommentarene dine venter på en moderator.",
    "Under %(age)s, so your comments wait for a moderator.":
        "Under %(age)s år, så kommentarene dine venter på en moderator.",
    "Published": "Publisert",
    "Waiting for a moderator": "Venter på en moderator",
    "Rejected": "Avvist",
    "Deleted by you": "Slettet av deg",
    "Removed by a moderator": "Fjernet av en moderator",
    "Erased": "Slettet",
    "Facebook did not tell us your age range.": "Facebook oppga ikke aldersgruppen din.",
    "Facebook told us your age range is %(range)s, so you may be under %(age)s.":
        "Facebook oppga at aldersgruppen din er %(range)s, så du kan være under %(age)s år.",
    "Facebook told us your age range is %(range)s.":
        "Facebook oppga at aldersgruppen din er %(range)s.",
    "You asked a moderator to review your age.":
        "Du ba en moderator om å se på alderen din på nytt.",
    "A moderator reviewed your age and kept it as it was.":
        "En moderator så på alderen din på nytt og lot den stå.",
    "A moderator reviewed your age: your comments are published at once.":
        "En moderator så på alderen din på nytt: kommentarene dine publiseres med en gang.",
    "You told us you are under %(age)s.": "Du oppga at du er under %(age)s år.",
    "You told us you are %(age)s or older.": "Du oppga at du er %(age)s år eller eldre.",
    "A moderator found that you are probably under %(age)s.":
        "En moderator kom fram til at du trolig er under %(age)s år.",
    "A parent or guardian told us you are under %(age)s.":
        "En forelder eller foresatt har opplyst at du er under %(age)s år.",
    "You had an account here before, which was deleted while you were under %(age)s.":
        "Du hadde en konto her før, som ble slettet mens du var under %(age)s år.",
    "My data": "Mine data",
    "This page shows everything Kommentar holds about you, and why. You can "
    '<a href="%(export)s">download all of it</a>, correct your display name, or delete your '
    'account. Read more in our <a href="%(privacy)s">privacy statement</a>.':
        "Denne siden viser alt Kommentar har lagret om deg, og hvorfor. Du kan "
        '<a href="%(export)s">laste ned alt sammen</a>, rette visningsnavnet ditt eller slette '
        'kontoen din. Les mer i <a href="%(privacy)s">personvernerklæringen</a>.',
    "Your profile": "Profilen din",
    "Display name": "Visningsnavn",
    "Age": "Alder",
    "Facebook id for this site": "Facebook-ID for dette nettstedet",
    "First logged in": "Første innlogging",
    "Last logged in": "Siste innlogging",
    "Commenting": "Kommentering",
    "A moderator stopped you from commenting on %(day)s.":
        "En moderator stengte deg ute fra å kommentere %(day)s.",
    "While a moderator reads your comments, they are shown with the made-up name above, so "
    "that nothing shows who you are. It cannot be changed.":
        "Så lenge en moderator leser kommentarene dine, vises de med det oppdiktede navnet over, "
        "slik at ingenting avslører hvem du er. Det kan ikke endres.",
    "Display name (shown with your comments)": "Visningsnavn (vises med kommentarene dine)",
    "Change name": "Endre navn",
    "What we were told about your age": "Dette har vi fått vite om alderen din",
    "Nothing yet.": "Ingenting ennå.",
    "We use this only to decide whether your comments wait for a moderator.":
        "Vi bruker dette bare til å avgjøre om kommentarene dine skal vente på en moderator.",
    "You asked a moderator to review this on %(day)s. Until they have, your comments keep "
    "waiting for a moderator.":
        "Du ba en moderator om å se på dette %(day)s. Inntil det er gjort, venter kommentarene "
        "dine fortsatt på en moderator.",
    "Do you think this is wrong? A moderator can look at it again.":
        "Mener du at dette er feil? En moderator kan se på det på nytt.",
    "Ask a moderator to review my age": "Be en moderator se på alderen min på nytt",
    "Your comments": "Kommentarene dine",
    "You have not written any comments.": "Du har ikke skrevet noen kommentarer.",
    "You have written %(total)s comment.": (
        "Du har skrevet %(total)s kommentar.", "Du har skrevet %(total)s kommentarer."),
    "The newest %(shown)s are shown here; the download holds them all.":
        "De %(shown)s nyeste vises her; nedlastingen har alle sammen.",
    "The moderator's reason:": "Moderatorens begrunnelse:",
    "Delete this comment": "Slett denne kommentaren",
    "Your logins": "Innloggingene dine",
    "You are logged in on %(count)s device or browser.": (
        "Du er logget inn på %(count)s enhet eller nettleser.",
        "Du er logget inn på %(count)s enheter eller nettlesere."),
    "Log out everywhere": "Logg ut overalt",
    "Messages you sent us": "Meldinger du har sendt oss",
    "answer to %(address)s": "svar til %(address)s",
    "None.": "Ingen.",
    "E-mail about replies": "E-post om svar",
    "We e-mail %(address)s when someone replies to you.":
        "Vi sender e-post til %(address)s når noen svarer deg.",
    "We e-mail %(address)s when someone replies to you (once you confirm the address).":
        "Vi sender e-post til %(address)s når noen svarer deg (når du har bekreftet adressen).",
    "You get no e-mail from us about replies.": "Du får ingen e-post fra oss om svar.",
    "Change e-mail about replies": "Endre e-post om svar",
    "E-mail we send you": "E-post vi sender deg",
    "to %(address)s, sent %(day)s": "til %(address)s, sendt %(day)s",
    "to %(address)s, waiting to be sent": "til %(address)s, venter på å bli sendt",
    "What we hold, why, and for how long": "Hva vi har lagret, hvorfor og hvor lenge",
    "Why": "Hvorfor",
    "How long": "Hvor lenge",
    "Download all my data (JSON)": "Last ned alle dataene mine (JSON)",
    "Delete my account": "Slett kontoen min",
    "We delete your account, your comments (a comment with replies becomes an empty "
    "placeholder, so that other people's replies keep their place), your messages, "
    "subscriptions and logins. You get a confirmation code to follow the deletion.":
        "Vi sletter kontoen din, kommentarene dine (en kommentar med svar blir stående som en "
        "tom plassholder, slik at andres svar beholder plassen sin), meldingene dine, "
        "abonnementer og innlogginger. Du får en bekreftelseskode, så du kan følge slettingen.",
    "I understand that my account, my comments and everything else about me will be deleted, "
    "and that this cannot be undone.":
        "Jeg forstår at kontoen min, kommentarene mine og alt annet om meg blir slettet, og at "
        "det ikke kan angres.",
    "The form expired. Please try again.": "Skjemaet er utløpt. Prøv igjen.",
    "There is nothing to review at the moment.": "Det er ingenting å se på nytt akkurat nå.",
    "Your display name is changed.": "Visningsnavnet ditt er endret.",
    "Thank you. A moderator will look at how we classified your age.":
        "Takk. En moderator vil se på hvordan vi har vurdert alderen din.",
    "You are logged out everywhere.": "Du er logget ut overalt.",
    "Tick the box to confirm that you want your account deleted.":
        "Kryss av i boksen for å bekrefte at du vil slette kontoen din.",
    "That name contains characters we do not allow.": "Navnet inneholder tegn vi ikke tillater.",
    "Please type a name.": "Skriv inn et navn.",
    "A name is at most %(limit)s characters.": "Et navn kan ha høyst %(limit)s tegn.",
    "Your display name is chosen for you while your comments are read by a moderator, so that "
    "nothing you write shows who you are.":
        "Visningsnavnet ditt velges for deg så lenge en moderator leser kommentarene dine, slik "
        "at ingenting du skriver avslører hvem du er.",
    # feedback, guardian, mail
    "You may be under %(age)s, so we do not keep messages from you: we do not want data about "
    "children except the comments you write under articles, which a moderator reads first. "
    "Nothing you send here is stored.":
        "Du kan være under %(age)s år, så vi tar ikke vare på meldinger fra deg: vi vil ikke ha "
        "data om barn, bortsett fra kommentarene du skriver under artikler, som en moderator "
        "leser først. Ingenting du sender her, blir lagret.",
    'A parent or guardian can write to us for you through <a href="%(guardian)s">the form for '
    'parents and guardians</a>. You can see and delete your comments and your account on '
    '<a href="%(me)s">My data</a>, and ask a moderator there to review your age if you think we '
    "have it wrong.":
        'En forelder eller foresatt kan skrive til oss for deg via <a href="%(guardian)s">skjemaet '
        'for foreldre og foresatte</a>. Du kan se og slette kommentarene og kontoen din på '
        '<a href="%(me)s">Mine data</a>, og der kan du også be en moderator se på alderen din på '
        "nytt hvis du mener vi har tatt feil.",
    "Link already used": "Lenken er allerede brukt",
    "This link has already been used": "Denne lenken er allerede brukt",
    "The request it belongs to is confirmed. Follow it with the reference code from the e-mail "
    "we sent you.":
        "Forespørselen den hører til, er bekreftet. Følg den med referansekoden fra e-posten vi "
        "sendte deg.",
    "Back to the request form": "Tilbake til skjemaet",
    "An answer to your message to Kommentar": "Svar på meldingen din til Kommentar",
    "Thank you for writing to us. This is our answer:":
        "Takk for at du skrev til oss. Her er svaret vårt:",
    "If you have more questions, write to us again through the contact form.":
        "Har du flere spørsmål, kan du skrive til oss igjen via kontaktskjemaet.",
    # the privacy statement
    "Privacy statement": "Personvernerklæring",
    "Version %(version)s. When this statement changes, logged-in readers see a notice.":
        "Versjon %(version)s. Når erklæringen endres, får innloggede lesere beskjed.",
    "In short": "Kort fortalt",
    "We collect what you give us (your comments, your messages to us) and some technical data "
    "(your browser, part of your IP address, when you log in and use the service).":
        "Vi samler inn det du gir oss (kommentarene dine, meldingene dine til oss) og noen "
        "tekniske data (nettleseren din, deler av IP-adressen din, når du logger inn og bruker "
        "tjenesten).",
    "We keep nothing longer than we need it. The table below says how long, for each kind of "
    "data.":
        "Vi tar ikke vare på noe lenger enn vi trenger det. Tabellen nedenfor viser hvor lenge, "
        "for hver type data.",
    'You can see, correct and delete your data at any time on <a href="%(me)s">My data</a>, and '
    "download all of it.":
        'Du kan når som helst se, rette og slette dataene dine på <a href="%(me)s">Mine data</a>, '
        "og laste ned alt sammen.",
    "We do not want data about children under %(age)s, except the comments that children with "
    "a Facebook account write under articles. Those comments get separate monitoring: a "
    "moderator reads each one before anyone else can see it.":
        "Vi vil ikke ha data om barn under %(age)s år, bortsett fra kommentarene som barn med "
        "Facebook-konto skriver under artikler. Disse kommentarene følges opp særskilt: en "
        "moderator leser hver av dem før noen andre kan se den.",
    "When we learn that a child under %(age)s has given us data in any other way (a message, an "
    "e-mail address), we delete it at once.":
        "Når vi får vite at et barn under %(age)s år har gitt oss data på en annen måte (en "
        "melding, en e-postadresse), sletter vi dem med en gang.",
    "Parents and guardians can ask us to remove a child's data through "
    '<a href="%(guardian)s">the form for parents and guardians</a>; no account is needed.':
        "Foreldre og foresatte kan be oss fjerne et barns data via "
        '<a href="%(guardian)s">skjemaet for foreldre og foresatte</a>; det trengs ingen konto.',
    "Who we are": "Hvem vi er",
    'The controller of your data is <strong class="controller">%(controller)s</strong>, the '
    "publisher whose articles you comment on, under the General Data Protection Regulation and "
    "the Norwegian Personal Data Act.":
        "Behandlingsansvarlig for dataene dine er "
        '<strong class="controller">%(controller)s</strong>, '
        "utgiveren av artiklene du kommenterer, etter personvernforordningen (GDPR) og "
        "personopplysningsloven.",
    'Write to us about your data at <a class="privacy-contact" href="mailto:%(contact)s">'
    '%(contact)s</a> or through our <a href="%(form)s">contact form</a> (choose "My data"): our '
    "staff read every message and answer by e-mail when you give an address.":
        'Skriv til oss om dataene dine på <a class="privacy-contact" href="mailto:%(contact)s">'
        '%(contact)s</a> eller via <a href="%(form)s">kontaktskjemaet</a> (velg «Mine data»): '
        "medarbeiderne våre leser hver melding og svarer på e-post når du oppgir en adresse.",
    'Write to us about your data through our <a href="%(form)s">contact form</a> (choose "My '
    'data"): our staff read every message and answer by e-mail when you give an address.':
        'Skriv til oss om dataene dine via <a href="%(form)s">kontaktskjemaet</a> (velg «Mine '
        "data»): medarbeiderne våre leser hver melding og svarer på e-post når du oppgir en "
        "adresse.",
    "Logging in with Facebook": "Innlogging med Facebook",
    "You log in with Facebook. We receive the id Facebook gives you for this site, your name and "
    'your age range (for example "13–17" or "21+"). We never receive your e-mail address, your '
    "picture or your friends, and we do not keep Facebook's access token. If you are or may be "
    "under %(age)s, we do not store your name at all: you get a made-up display name instead.":
        "Du logger inn med Facebook. Vi får ID-en Facebook gir deg for dette nettstedet, navnet "
        "ditt og aldersgruppen din (for eksempel «13–17» eller «21+»). Vi får aldri "
        "e-postadressen din, bildet ditt eller vennene dine, og vi tar ikke vare på Facebooks "
        "tilgangsnøkkel. Hvis du er eller kan være under %(age)s år, lagrer vi ikke navnet ditt "
        "i det hele tatt: du får et oppdiktet visningsnavn i stedet.",
    "What we store, why, and for how long": "Hva vi lagrer, hvorfor og hvor lenge",
    "Which data": "Hvilke data",
    "Where else your data lives": "Hvor ellers dataene dine finnes",
    "Besides the database above, data lives for a short time in these places:":
        "I tillegg til databasen over ligger data en kort stund på disse stedene:",
    "%(holds)s. Why: %(purpose)s. How long: %(retention)s. When you are deleted: %(erasure)s.":
        "%(holds)s. Hvorfor: %(purpose)s. Hvor lenge: %(retention)s. Når du slettes: "
        "%(erasure)s.",
    "The cookie": "Informasjonskapselen",
    "We set one cookie, only when you log in or post a form: it keeps you logged in and carries "
    "a token that protects your forms against forgery. It holds no tracking id, and we use no "
    "analytics or advertising cookies. It goes when you log out or close your browser, and "
    "your login ends after %(idle_days)s days without use.":
        "Vi setter én informasjonskapsel, og bare når du logger inn eller sender et skjema: den "
        "holder deg innlogget og har en nøkkel som beskytter skjemaene dine mot forfalskning. Den "
        "inneholder ingen sporings-ID, og vi bruker ingen informasjonskapsler for analyse eller "
        "reklame. Den forsvinner når du logger ut eller lukker nettleseren, og innloggingen din "
        "utløper etter %(idle_days)s dager uten bruk.",
    "Your rights": "Rettighetene dine",
    '<strong>See</strong> everything we hold about you on <a href="%(me)s">My data</a>, and '
    "download it as a file.":
        '<strong>Se</strong> alt vi har lagret om deg på <a href="%(me)s">Mine data</a>, og last '
        "det ned som en fil.",
    "<strong>Correct</strong> your display name there.":
        "<strong>Rett</strong> visningsnavnet ditt der.",
    "<strong>Delete a single comment</strong> of yours at any time, from the thread or from My "
    "data.":
        "<strong>Slett en enkelt kommentar</strong> når som helst, fra tråden eller fra Mine data.",
    "<strong>Ask for a review</strong> of your age by a moderator there, if you think we have it "
    "wrong.":
        "<strong>Be om at en moderator ser på alderen din</strong> på nytt der, hvis du mener vi "
        "har tatt feil.",
    "<strong>Delete</strong> your account there. Your comments go too; a comment that has "
    "replies becomes an empty placeholder without your name, so that other people's replies "
    "keep their place. You get a confirmation code to follow the deletion.":
        "<strong>Slett</strong> kontoen din der. Kommentarene dine forsvinner også; en kommentar "
        "som har svar, blir en tom plassholder uten navnet ditt, slik at andres svar beholder "
        "plassen sin. Du får en bekreftelseskode, så du kan følge slettingen.",
    "If you remove our app on Facebook, or ask Facebook to have your data deleted, Facebook "
    "tells us and we do the same.":
        "Hvis du fjerner appen vår på Facebook, eller ber Facebook slette dataene dine, gir "
        "Facebook oss beskjed, og vi gjør det samme.",
    "<strong>Object</strong> to how we use your data: write to us, and we stop unless we have "
    "compelling reasons that we will explain to you.":
        "<strong>Protester</strong> mot hvordan vi bruker dataene dine: skriv til oss, så "
        "stanser vi, med mindre vi har tungtveiende grunner som vi forklarer deg.",
    "<strong>Complain</strong> to the Norwegian Data Protection Authority, "
    '<a href="https://www.datatilsynet.no/">Datatilsynet</a>, if you think we handle your data '
    "wrongly. You are welcome to talk to us first.":
        '<strong>Klag</strong> til <a href="https://www.datatilsynet.no/">Datatilsynet</a> hvis '
        "du mener vi behandler dataene dine feil. Du er velkommen til å snakke med oss først.",
    "After a deletion": "Etter en sletting",
    "We keep a receipt that says when the deletion happened and how much was deleted, with no "
    "personal data, and a keyed fingerprint of your Facebook id that tells nothing on its own. "
    "It lets us delete your data again if we ever have to restore a backup, and it lets us "
    "recognise a child under %(age)s who comes back, so that their comments are again read by "
    "a moderator first.":
        "Vi tar vare på en kvittering som viser når slettingen skjedde og hvor mye som ble "
        "slettet, uten personopplysninger, og et nøkkelbasert fingeravtrykk av Facebook-ID-en "
        "din som ikke sier noe i seg selv. Med det kan vi slette dataene dine på nytt hvis vi "
        "noen gang må hente fram en sikkerhetskopi, og kjenne igjen et barn under %(age)s år som "
        "kommer tilbake, slik at kommentarene igjen leses av en moderator først.",
    "Who else sees your data": "Hvem andre som ser dataene dine",
    "Your published comments and your display name are public under the article. Moderators "
    "see comments waiting for review and reports. We send nothing to third parties, and "
    "nothing at all about readers under %(age)s.":
        "De publiserte kommentarene dine og visningsnavnet ditt er offentlige under artikkelen. "
        "Moderatorer ser kommentarer som venter på gjennomgang, og rapporter. Vi sender ingenting "
        "til tredjeparter, og ingenting i det hele tatt om lesere under %(age)s år.",
})

# -- the privacy map (app/privacy/map.py): tables, columns and stores in plain words ----------
NB.update({
    "60 seconds": "60 sekunder",
    "A comment that has replies becomes an empty placeholder without author, so that the "
    "replies keep their place.":
        "En kommentar som har svar, blir en tom plassholder uten forfatter, slik at svarene "
        "beholder plassen sin.",
    "Background work": "Bakgrunnsarbeid",
    "Cached thread pages": "Mellomlagrede trådsider",
    "Comments you reported": "Kommentarer du har rapportert",
    "Counters that slow down floods": "Tellere som bremser flom av forespørsler",
    "E-mail we send": "E-post vi sender",
    "Erased readers (a keyed hash only)": "Slettede lesere (bare en nøkkelbasert hash)",
    "Facebook's age range, your own answer, a moderator's or guardian's finding":
        "Facebooks aldersgruppe, ditt eget svar, en moderators eller foresattes vurdering",
    "Facebook's deletion and removal notices (a keyed hash only)":
        "Varsler fra Facebook om sletting og fjerning (bare en nøkkelbasert hash)",
    "Guardians' requests": "Forespørsler fra foresatte",
    "Logs": "Logger",
    "Moderator role": "Moderatorrolle",
    "Moderators' decisions": "Moderatorenes avgjørelser",
    "People appear only as keyed hashes, which tell nothing on their own.":
        "Personer vises bare som nøkkelbaserte hasher, som ikke sier noe i seg selv.",
    "Receipts of erasures": "Kvitteringer for slettinger",
    "Records of background jobs": "Oppføringer om bakgrunnsjobber",
    "Tasks referring to an erased person's rows are deleted by the erasure.":
        "Oppgaver som viser til en slettet persons rader, slettes sammen med dem.",
    "The link to the child's account is cleared when the child's data is erased.":
        "Koblingen til barnets konto fjernes når barnets data slettes.",
    "Your account": "Kontoen din",
    "a keyed hash of your Facebook id": "en nøkkelbasert hash av Facebook-ID-en din",
    "a keyed hash standing in for the reader": "en nøkkelbasert hash i stedet for leseren",
    "a moderator's own words about your comment or your case":
        "en moderators egne ord om kommentaren eller saken din",
    "a record of who decided what and why, kept without names":
        "en oversikt over hvem som avgjorde hva og hvorfor, lagret uten navn",
    "a week at most (failed work); done work at once":
        "høyst en uke (mislykket arbeid); fullført arbeid med en gang",
    "as long as the person moderates": "så lenge personen er moderator",
    "as long as the thread exists": "så lenge tråden finnes",
    "as long as you have an account": "så lenge du har en konto",
    "as the operator's log rotation keeps them": "så lenge driftens loggrotasjon beholder dem",
    "at most an hour": "høyst en time",
    "deleted with your account (those filed under your account)":
        "slettes med kontoen din (de som er registrert på kontoen din)",
    "dropped for every thread your comments were in":
        "fjernes for hver tråd kommentarene dine var i",
    "every job naming one of your rows is deleted":
        "hver jobb som viser til en av radene dine, slettes",
    "how many requests you made in the last minutes, filed under a keyed hash of your account "
    "(when logged in) or of your IP address, never the address itself":
        "hvor mange forespørsler du har gjort de siste minuttene, registrert under en "
        "nøkkelbasert hash av kontoen din (når du er innlogget) eller IP-adressen din, aldri "
        "selve adressen",
    "ids and counts only: never names, texts, e-mail or IP addresses":
        "bare ID-er og antall: aldri navn, tekster, e-post eller IP-adresser",
    "ids of the rows a background job works on (never text), and its outcome":
        "ID-er for radene en bakgrunnsjobb arbeider med (aldri tekst), og resultatet",
    "its status, and a moderator's reason for rejecting it":
        "statusen, og en moderators begrunnelse for å avvise den",
    "kept without names or ids of readers, as the moderation record":
        "beholdes uten navn eller ID-er for lesere, som moderasjonslogg",
    "kept; a receipt holds no personal data once the erasure is done":
        "beholdes; en kvittering inneholder ingen personopplysninger når slettingen er gjort",
    "kept; it is a keyed hash that tells nothing on its own":
        "beholdes; det er en nøkkelbasert hash som ikke sier noe i seg selv",
    "login times": "innloggingstidspunkter",
    "nothing to erase: logs hold no personal data":
        "ingenting å slette: loggene inneholder ingen personopplysninger",
    "part of your IP address": "deler av IP-adressen din",
    "so moderators can look at comments readers report":
        "slik at moderatorer kan se på kommentarer som lesere rapporterer",
    "the address": "adressen",
    "the article": "artikkelen",
    "the child's name or display name, as the guardian gave it":
        "barnets navn eller visningsnavn, slik den foresatte oppga det",
    "the comments": "kommentarene",
    "the guardian's contact details are deleted {days} days after the case closes":
        "den foresattes kontaktopplysninger slettes {days} dager etter at saken er avsluttet",
    "the guardian's e-mail address": "den foresattes e-postadresse",
    "the guardian's relationship": "den foresattes tilknytning til barnet",
    "the id Facebook gives you for this site": "ID-en Facebook gir deg for dette nettstedet",
    "the moderator's Facebook id": "moderatorens Facebook-ID",
    "the publisher's pages that threads hang under": "utgiverens sider som trådene hører til",
    "the reason you gave": "begrunnelsen du oppga",
    "the text": "teksten",
    "to answer what you wrote through the contact form":
        "for å svare på det du skrev via kontaktskjemaet",
    "to decide whether your comments wait for a moderator (the age rule)":
        "for å avgjøre om kommentarene dine venter på en moderator (aldersregelen)",
    "to handle a guardian's request to remove a child's data":
        "for å behandle en foresatts forespørsel om å fjerne et barns data",
    "to keep you logged in, and to log you out everywhere at once":
        "for å holde deg innlogget, og for å logge deg ut overalt på én gang",
    "to know who wrote what, and whether your comments must wait for a moderator":
        "for å vite hvem som skrev hva, og om kommentarene dine må vente på en moderator",
    "to let moderators work the queues (moderators only)":
        "for at moderatorer skal kunne arbeide med køene (bare moderatorer)",
    "to prove an erasure happened: reason, counts, times, confirmation code":
        "for å dokumentere at en sletting skjedde: grunn, antall, tidspunkter, bekreftelseskode",
    "to publish what you write under articles, and to moderate it":
        "for å publisere det du skriver under artikler, og for å moderere det",
    "to recognise a child who comes back after their data was erased, and to erase again after "
    "restoring a backup":
        "for å kjenne igjen et barn som kommer tilbake etter at dataene ble slettet, og for å "
        "slette på nytt etter at en sikkerhetskopi er hentet fram",
    "to refuse a captured notice sent to us again (a replay)":
        "for å avvise et oppfanget varsel som sendes til oss på nytt (gjentakelse)",
    "to run the service and find faults": "for å drive tjenesten og finne feil",
    "to screen comments, send e-mail and erase data in the background":
        "for å sjekke kommentarer, sende e-post og slette data i bakgrunnen",
    "to send the e-mails you asked for (confirmations, replies, case updates)":
        "for å sende e-postene du har bedt om (bekreftelser, svar, oppdateringer i saker)",
    "to serve busy threads quickly": "for å vise travle tråder raskt",
    "to stop floods of comments, reports and messages":
        "for å stanse flom av kommentarer, rapporter og meldinger",
    "to tell you by e-mail when someone replies (adults who ask for it)":
        "for å gi deg beskjed på e-post når noen svarer (voksne som ber om det)",
    "until the reported comment or your account is deleted":
        "til den rapporterte kommentaren eller kontoen din slettes",
    "until you delete them or your account": "til du sletter dem eller kontoen din",
    "until you log out, or {days} days without use":
        "til du logger ut, eller etter {days} dager uten bruk",
    "until you unsubscribe or delete your account":
        "til du avslutter abonnementet eller sletter kontoen din",
    "what anonymous readers see of a thread: published comments and names":
        "det anonyme lesere ser av en tråd: publiserte kommentarer og navn",
    "what our screening pointed out to moderators":
        "det den automatiske sjekken vår pekte ut for moderatorene",
    "what you wrote": "det du skrev",
    "when you last logged in": "når du sist logget inn",
    "whether you may be under 16": "om du kan være under 16 år",
    "work waiting for a background worker; holds ids only":
        "arbeid som venter på en bakgrunnsprosess; inneholder bare ID-er",
    "your browser's name": "navnet på nettleseren din",
    "your display name": "visningsnavnet ditt",
    "your e-mail address": "e-postadressen din",
    "your message": "meldingen din",
    "your name": "navnet ditt",
    "your note": "merknaden din",
    "{days} days": "{days} dager",
    "{days} days after it was sent": "{days} dager etter at den ble sendt",
    "{days} days after the comment was written": "{days} dager etter at kommentaren ble skrevet",
    "{days} days after the work is done": "{days} dager etter at arbeidet er gjort",
    "{days} seconds, after which such a notice is refused as stale anyway":
        "{days} sekunder, deretter avvises et slikt varsel uansett som for gammelt",
})

# -- the moderators' desk, the queues page and the desk's messages ----------------------------
NB.update({
    "%(age)s ago": "for %(age)s siden",
    "%(count)s (oldest %(age)s)": "%(count)s (eldste %(age)s)",
    "%(count)s not yet screened.": "%(count)s ikke sjekket ennå.",
    "%(count)s waiting": "%(count)s venter",
    '%(count)s waiting, <strong class="overdue">%(late)s overdue</strong>.':
        '%(count)s venter, <strong class="overdue">%(late)s over fristen</strong>.',
    "%(count)s waiting.": "%(count)s venter.",
    "%(n)s h": "%(n)s t",
    "%(n)s min": "%(n)s min",
    "%(n)s s": "%(n)s s",
    "%(num)s published comment hidden while the case is open.": (
        "%(num)s publisert kommentar skjult mens saken er åpen.",
        "%(num)s publiserte kommentarer skjult mens saken er åpen."),
    "%(num)s report": (
        "%(num)s rapport",
        "%(num)s rapporter"),
    "%(pending)s pending, %(failed)s failed": "%(pending)s venter, %(failed)s mislyktes",
    "%(reference)s: confirmed %(moment)s, erasure running":
        "%(reference)s: bekreftet %(moment)s, sletting pågår",
    "%(title)s (the same numbers are in the table below)":
        "%(title)s (de samme tallene står i tabellen nedenfor)",
    "(a finding)": "(en vurdering)",
    "(a logged-in reader)": "(en innlogget leser)",
    "(can be answered)": "(kan besvares)",
    "(deleted)": "(slettet)",
    "(for %(seconds)s seconds after deciding)": "(i %(seconds)s sekunder etter avgjørelsen)",
    "(no reader found yet)": "(ingen leser funnet ennå)",
    "(not given)": "(ikke oppgitt)",
    "95th percentile": "95-persentil",
    "<strong>%(count)s</strong> overdue (undecided after %(hours)s hours).":
        "<strong>%(count)s</strong> over fristen (ikke avgjort etter %(hours)s timer).",
    "<strong>%(count)s</strong> reported comment": (
        "<strong>%(count)s</strong> rapportert kommentar",
        "<strong>%(count)s</strong> rapporterte kommentarer"),
    "<strong>%(count)s</strong> waiting": (
        "<strong>%(count)s</strong> venter",
        "<strong>%(count)s</strong> venter"),
    "A comment by the child (its link or number)":
        "En kommentar skrevet av barnet (lenken eller nummeret)",
    "A comment is text.": "En kommentar er tekst.",
    "A moderator's account cannot be erased from the desk.":
        "En moderators konto kan ikke slettes fra moderatorsiden.",
    "About": "Gjelder",
    "Abusive": "Hets",
    "Action": "Handling",
    "Adult": "Voksen",
    "Age reviews": "Aldersvurderinger",
    "Age unknown": "Ukjent alder",
    "All actions": "Alle handlinger",
    "All guardian cases": "Alle saker fra foresatte",
    "All open messages": "Alle åpne meldinger",
    "Already decided: another moderator got there first, or the comment is gone. Nothing was "
    "changed.":
        "Allerede avgjort: en annen moderator kom først, eller kommentaren er borte. Ingenting "
        "ble endret.",
    "Another moderator has claimed this comment until %(moment)s. Nothing was changed; take the "
    "next one.":
        "En annen moderator har tatt denne kommentaren til %(moment)s. Ingenting ble endret; ta "
        "den neste.",
    "Answered": "Besvart",
    "Only adult readers can be suspended. A reader who may be under 16 is pre-moderated "
    "already. Nothing was changed.":
        "Bare voksne lesere kan utestenges. En leser som kan være under 16 år, forhåndsmodereres "
        "allerede. Ingenting ble endret.",
    "Too late to undo: a decision can be taken back for %(seconds)s seconds, by the moderator "
    "who made it. Nothing was changed.":
        "For sent å angre: en avgjørelse kan tas tilbake i %(seconds)s sekunder, av moderatoren "
        "som tok den. Ingenting ble endret.",
    "Answered a message": "Besvarte en melding",
    "Approve": "Godkjenn",
    "Approve selected": "Godkjenn valgte",
    "Approved": "Godkjent",
    "Approved %(count)s.": "Godkjente %(count)s.",
    "Approved (public)": "Godkjent (offentlig)",
    "Approved comment %(id)s: it is public now.":
        "Godkjente kommentar %(id)s: den er offentlig nå.",
    "Article": "Artikkel",
    "Attach this comment's author": "Knytt forfatteren av denne kommentaren til saken",
    "Attached by a moderator.": "Knyttet til saken av en moderator.",
    "Attached. That reader's published comments are hidden while the case is open.":
        "Knyttet til saken. Leserens publiserte kommentarer er skjult mens saken er åpen.",
    "Audit log": "Logg over avgjørelser",
    "Author erased": "Forfatteren er slettet",
    "Back to the queue": "Tilbake til køen",
    "Being erased": "Slettes nå",
    "Bullying or harassment": "Mobbing eller trakassering",
    "Case %(reference)s": "Sak %(reference)s",
    "Child's name as shown": "Barnets navn slik det vises",
    "Choose a reason: the author will see it.": "Velg en begrunnelse: forfatteren får se den.",
    "Choose a reason: the authors will see it.": "Velg en begrunnelse: forfatterne får se den.",
    "Choose a reason…": "Velg en begrunnelse …",
    "Claim": "Ta saken",
    "Claimed": "Tok en kommentar",
    "Claimed by another moderator (%(moderator)s) until %(moment)s":
        "Tatt av en annen moderator (%(moderator)s) til %(moment)s",
    "Claimed by you until %(moment)s": "Tatt av deg til %(moment)s",
    "Close the message once answered": "Lukk meldingen når den er besvart",
    "Close without answering": "Lukk uten å svare",
    "Closed": "Lukket",
    "Closed a message": "Lukket en melding",
    "Closed: dismissed (%(reason)s).": "Lukket: avvist (%(reason)s).",
    "Closed: erased.": "Lukket: slettet.",
    "Closed: never confirmed by the guardian.": "Lukket: aldri bekreftet av den foresatte.",
    "Comment": "Kommentar",
    "Comment %(id)s": "Kommentar %(id)s",
    "Comment %(id)s is yours for %(minutes)s min.": "Kommentar %(id)s er din i %(minutes)s min.",
    "Comments by readers who are, or may be, under 16. Oldest first. Nothing here is public "
    "until you approve it.":
        "Kommentarer fra lesere som er, eller kan være, under 16 år. Eldste først. Ingenting "
        "her er offentlig før du godkjenner det.",
    "Comments held": "Kommentarer holdt tilbake",
    "Confirm: this reader is a child, erase the account now":
        "Bekreft: denne leseren er et barn, slett kontoen nå",
    "Confirmed": "Bekreftet",
    "Confirmed a guardian case": "Bekreftet en sak fra en foresatt",
    "Confirmed by a moderator %(moment)s; erasure running.":
        "Bekreftet av en moderator %(moment)s; sletting pågår.",
    "Confirmed. The child's data is being erased now.": "Bekreftet. Barnets data slettes nå.",
    "Contact details": "Kontaktopplysninger",
    "Contains personal information": "Inneholder personopplysninger",
    "Day": "Dag",
    "Decide": "Avgjør",
    "Decisions per day": "Avgjørelser per dag",
    "Deleted by its author": "Slettet av forfatteren",
    "Deleted on": "Slettes",
    "Details": "Detaljer",
    "Dismiss and restore the comments": "Avvis og vis kommentarene igjen",
    "Dismiss reports": "Avvis rapportene",
    "Dismissed %(num)s report on comment %(id)s; it stays up.": (
        "Avviste %(num)s rapport om kommentar %(id)s; den blir stående.",
        "Avviste %(num)s rapporter om kommentar %(id)s; den blir stående."),
    "Dismissed a guardian case": "Avviste en sak fra en foresatt",
    "Dismissed reports": "Avviste rapporter",
    "Dismissed. The comments are visible again and the guardian has been told why.":
        "Avvist. Kommentarene er synlige igjen, og den foresatte har fått vite hvorfor.",
    "Earlier: %(approved)s approved, %(rejected)s rejected, %(removed)s removed.":
        "Tidligere: %(approved)s godkjent, %(rejected)s avvist, %(removed)s fjernet.",
    "Erase the author's whole account": "Slett hele kontoen til forfatteren",
    "Erase this reader's account and everything they wrote? This cannot be undone.":
        "Slette kontoen til denne leseren og alt leseren har skrevet? Det kan ikke angres.",
    "Erase this reader's whole account now? Their comments are removed (replies by others keep "
    "their place). This cannot be undone.":
        "Slette hele kontoen til denne leseren nå? Kommentarene fjernes (andres svar beholder "
        "plassen sin). Det kan ikke angres.",
    "Erased an account": "Slettet en konto",
    "Erasures not completed": "Slettinger som ikke er fullført",
    "Every decision, newest first. People appear only as pseudonyms, so the log outlives the "
    "erasure of an author.":
        "Alle avgjørelser, nyeste først. Personer vises bare med pseudonym, så loggen kan "
        "beholdes selv om en forfatter slettes.",
    "Failed": "Mislyktes",
    "Feedback": "Tilbakemelding",
    "Feedback or a question about the service": "Tilbakemelding eller spørsmål om tjenesten",
    "Filter": "Filtrer",
    "Find the child first: attach one of their comments to the case.":
        "Finn barnet først: knytt en av barnets kommentarer til saken.",
    "First reported %(moment)s": "Først rapportert %(moment)s",
    "Found automatically from the request.": "Funnet automatisk ut fra forespørselen.",
    "Found automatically from the request. Nothing is hidden: this reader had no sign of being "
    "under %(age)s, and a request alone hides nothing. Attach one of their comments below to "
    "hide their comments while you look, then confirm or dismiss.":
        "Funnet automatisk ut fra forespørselen. Ingenting er skjult: ingenting tydet på at "
        "denne leseren er under %(age)s år, og en forespørsel alene skjuler ingenting. Knytt en "
        "av leserens kommentarer til saken nedenfor for å skjule kommentarene mens du ser på "
        "saken, og godkjenn eller avvis deretter.",
    "From": "Fra",
    "Function": "Funksjon",
    "Granted a role": "Ga en rolle",
    "Guardian case open": "Åpen sak fra foresatt",
    "Guardian cases": "Saker fra foresatte",
    "Guardian cases overdue": "Saker fra foresatte over fristen",
    "Held since %(moment)s": "Holdt tilbake siden %(moment)s",
    "Host": "Vert",
    "I lift a finding (a moderator, a guardian case or a returning child's erasure said this "
    "reader is under age)":
        "Jeg opphever en vurdering (en moderator, en sak fra en foresatt eller slettingen av et "
        "barn som kom tilbake, sa at denne leseren er under aldersgrensen)",
    "I understand that this cannot be undone": "Jeg forstår at dette ikke kan angres",
    "In reply to:": "Svar på:",
    "Irreversible.": "Kan ikke angres.",
    "Job": "Jobb",
    "Job ids, functions, states and ages only: a job's arguments are never shown.":
        "Bare jobb-ID-er, funksjoner, tilstander og alder: en jobbs argumenter vises aldri.",
    "Jobs on %(queue)s": "Jobber i %(queue)s",
    "Keep": "Behold",
    "Keep it under 500 characters.": "Hold det under 500 tegn.",
    "Kept an age classification on review": "Beholdt en aldersvurdering etter ny gjennomgang",
    "Kept: the reader's comments still wait for a moderator.":
        "Beholdt: leserens kommentarer venter fortsatt på en moderator.",
    "Keyboard shortcuts": "Hurtigtaster",
    "Last heartbeat": "Siste livstegn",
    "Last worker heartbeat": "Siste livstegn fra en arbeider",
    "Lift suspension": "Opphev utestengingen",
    "Lift: published unchecked from now on": "Opphev: publiseres uten kontroll fra nå av",
    "Lifted a suspension": "Opphevet en utestenging",
    "Lifted an age classification on review": "Opphevet en aldersvurdering etter ny gjennomgang",
    "Lifted: the reader's new comments are published at once.":
        "Opphevet: leserens nye kommentarer publiseres med en gang.",
    "Mail": "E-post",
    "Mark author as under 16": "Merk forfatteren som under 16 år",
    "Mark this author as under 16? Their published comments are held and what we hold about "
    "them outside comments is erased.":
        "Merke denne forfatteren som under 16 år? De publiserte kommentarene holdes tilbake, og "
        "det vi har om forfatteren utenom kommentarene, slettes.",
    "Marked as under 16": "Merket som under 16 år",
    "Marked as under 16: their published comments are held for review, and what we held about "
    "them outside comments is being erased.":
        "Merket som under 16 år: de publiserte kommentarene holdes tilbake for gjennomgang, og "
        "det vi hadde om leseren utenom kommentarene, slettes.",
    "Median wait": "Median ventetid",
    "Message": "Melding",
    "Message %(id)s": "Melding %(id)s",
    "Message closed.": "Meldingen er lukket.",
    "Messages": "Meldinger",
    "Metrics are for the monitoring system only.": "Målingene er bare for overvåkingssystemet.",
    "Moderator": "Moderator",
    "Most waiting": "Flest som ventet",
    "My data, or this service's use of it": "Mine data, eller hvordan tjenesten bruker dem",
    "Next page": "Neste side",
    "No cases are waiting.": "Ingen saker venter.",
    "No comment with an author has that number.": "Ingen kommentar med forfatter har det nummeret.",
    "No earlier decisions about this author.": "Ingen tidligere avgjørelser om denne forfatteren.",
    "No entries.": "Ingen oppføringer.",
    "No more comments after this point.": "Ingen flere kommentarer etter dette.",
    "No more reported comments after this point.":
        "Ingen flere rapporterte kommentarer etter dette.",
    "No open messages.": "Ingen åpne meldinger.",
    "No open reports.": "Ingen åpne rapporter.",
    "No reader is waiting for a review.": "Ingen lesere venter på en ny vurdering.",
    "No reader matched the request automatically, so nothing was hidden. Search the thread by "
    "hand and attach one of the child's comments below, or dismiss the case with a reason.":
        "Ingen leser passet automatisk med forespørselen, så ingenting ble skjult. Søk gjennom "
        "tråden for hånd og knytt en av barnets kommentarer til saken nedenfor, eller avvis "
        "saken med en begrunnelse.",
    "No worker is running.": "Ingen arbeider kjører.",
    "Nobody is suspended.": "Ingen er utestengt.",
    "Not a comment number.": "Ikke et kommentarnummer.",
    "Not yet confirmed by the guardian.": "Ikke bekreftet av den foresatte ennå.",
    "Not yet screened — you may still decide.": "Ikke sjekket ennå – du kan likevel avgjøre.",
    "Note": "Merknad",
    "Nothing was changed": "Ingenting ble endret",
    "Off-topic": "Utenfor tema",
    "Older entries": "Eldre oppføringer",
    "Oldest has waited <strong>%(wait)s</strong>.":
        "Den eldste har ventet <strong>%(wait)s</strong>.",
    "Oldest open report: <strong>%(wait)s</strong> ago.":
        "Eldste åpne rapport: for <strong>%(wait)s</strong> siden.",
    "Oldest waiting": "Eldste som venter",
    "On": "Under",
    "Other": "Annet",
    "Outbox": "Utboks",
    "Overview": "Oversikt",
    "Pages": "Sider",
    "Per day": "Per dag",
    "Personal information": "Personopplysninger",
    "Please give the guardian a reason.": "Gi den foresatte en begrunnelse.",
    "Please write an answer.": "Skriv et svar.",
    "Presumed under 16": "Antatt under 16 år",
    "Privacy question": "Spørsmål om personvern",
    "Published comments that readers reported. Oldest report first. Reporters are never shown.":
        "Publiserte kommentarer som lesere har rapportert. Eldste rapport først. Hvem som "
        "rapporterte, vises aldri.",
    "Queue": "Kø",
    "Queued": "I kø",
    "Queues": "Køer",
    "Queues and workers": "Køer og arbeidere",
    "Reader": "Leser",
    "Readers who think we classified their age wrongly. Keep the classification, or lift it. "
    "Lifting a finding (a moderator's mark, a guardian case, a returning child) needs you to "
    "say so explicitly. Every decision is in the audit log.":
        "Lesere som mener vi har vurdert alderen deres feil. Behold vurderingen, eller opphev "
        "den. For å oppheve en vurdering (en moderators merking, en sak fra en foresatt, et "
        "barn som kom tilbake) må du si det uttrykkelig. Alle avgjørelser står i loggen.",
    "Reason": "Begrunnelse",
    "Reason (the author sees it)": "Begrunnelse (forfatteren ser den)",
    "Reason given:": "Oppgitt begrunnelse:",
    "Received": "Mottatt",
    "Received (UTC)": "Mottatt (UTC)",
    "Recent rejection reasons": "Nylige begrunnelser for avvisning",
    "Redis is unavailable (%(error)s): queues cannot be shown. Work waits in the outbox.":
        "Redis er utilgjengelig (%(error)s): køene kan ikke vises. Arbeidet venter i utboksen.",
    "Reference": "Referanse",
    "Reject": "Avvis",
    "Reject selected": "Avvis valgte",
    "Rejected %(count)s.": "Avviste %(count)s.",
    "Rejected comment %(id)s. Its author sees your reason.":
        "Avviste kommentar %(id)s. Forfatteren ser begrunnelsen din.",
    "Reject…": "Avvis …",
    "Relationship": "Tilknytning",
    "Remove comment": "Fjern kommentaren",
    "Removed": "Fjernet",
    "Removed a reported comment": "Fjernet en rapportert kommentar",
    "Removed comment %(id)s; its reports are closed.":
        "Fjernet kommentar %(id)s; rapportene er lukket.",
    "Reply notifications are not available for this account.":
        "Varsel om svar er ikke tilgjengelig for denne kontoen.",
    "Reply notifications by e-mail are for readers aged %(age)s or older, so we do not ask you "
    "for an e-mail address. You can see replies to your comments in the thread.":
        "Varsel om svar på e-post er for lesere som er %(age)s år eller eldre, så vi ber deg "
        "ikke om en e-postadresse. Du kan se svar på kommentarene dine i tråden.",
    "Reported": "Rapportert",
    "Reported comments": "Rapporterte kommentarer",
    "Reports dismissed": "Rapporter avvist",
    "Requests from parents and guardians to remove a child's data.":
        "Forespørsler fra foreldre og foresatte om å fjerne et barns data.",
    "Requests from parents and guardians, confirmed by e-mail. A case is overdue when it has "
    "waited more than %(hours)s hours for a decision.":
        "Forespørsler fra foreldre og foresatte, bekreftet på e-post. En sak er over fristen "
        "når den har ventet mer enn %(hours)s timer på en avgjørelse.",
    "Running": "Kjører",
    "Scheduled": "Planlagt",
    "Screening found nothing.": "Sjekken fant ingenting.",
    "Screening found:": "Sjekken fant:",
    "Select at least one comment.": "Velg minst én kommentar.",
    "Select at most %(limit)s comments at a time.": "Velg høyst %(limit)s kommentarer om gangen.",
    "Select comment %(id)s": "Velg kommentar %(id)s",
    "Selected comments:": "Valgte kommentarer:",
    "Send the answer": "Send svaret",
    "Single-key shortcuts on (switch off if you use speech input or they get in the way)":
        "Hurtigtaster med én tast er på (slå dem av hvis du bruker taleinndata eller de er i "
        "veien)",
    "Skipped %(count)s (already decided, gone, or claimed by another moderator): %(ids)s.":
        "Hoppet over %(count)s (allerede avgjort, borte eller tatt av en annen moderator): "
        "%(ids)s.",
    "Sort by 'oldest' or 'newest'.": "Sorter etter «oldest» (eldste) eller «newest» (nyeste).",
    "Spam": "Spam",
    "State": "Tilstand",
    "Statistics": "Statistikk",
    "Subject": "Gjelder",
    "Suspend author": "Steng ute forfatteren",
    "Suspend this author? They can no longer comment.":
        "Stenge ute denne forfatteren? Forfatteren kan ikke lenger kommentere.",
    "Suspended": "Utestengt",
    "Suspended readers": "Utestengte lesere",
    "Suspended since": "Utestengt siden",
    "Suspended: they can no longer comment, and keep every right over their data.":
        "Utestengt: leseren kan ikke lenger kommentere, og beholder alle rettigheter over "
        "dataene sine.",
    "That form was not valid.": "Skjemaet var ikke gyldig.",
    "That log position is not valid.": "Den plasseringen i loggen er ikke gyldig.",
    "That message was already closed.": "Meldingen var allerede lukket.",
    "That message was already closed; nothing was sent.":
        "Meldingen var allerede lukket; ingenting ble sendt.",
    "That page link is not valid. Start again from the first page.":
        "Sidelenken er ikke gyldig. Begynn på nytt fra første side.",
    "That queue position is not valid.": "Den plasseringen i køen er ikke gyldig.",
    "The account is being erased. Receipt: %(code)s.": "Kontoen slettes. Kvittering: %(code)s.",
    "The account, its comments and every other trace of the reader are erased for good.":
        "Kontoen, kommentarene og alle andre spor etter leseren slettes for godt.",
    "The author may be under 16": "Forfatteren kan være under 16 år",
    "The form expired. Open the link from the e-mail again.":
        "Skjemaet er utløpt. Åpne lenken fra e-posten på nytt.",
    "The form has expired; please try again.": "Skjemaet er utløpt; prøv igjen.",
    "The last %(days)s days (UTC). Aggregates only: no reader or moderator appears here.":
        "De siste %(days)s dagene (UTC). Bare samlede tall: ingen lesere eller moderatorer "
        "vises her.",
    "The note contains characters that are not allowed.":
        "Merknaden inneholder tegn som ikke er tillatt.",
    "The note has too much formatting. Please write plain text.":
        "Merknaden har for mye formatering. Skriv ren tekst.",
    "The queue is empty. Well done.": "Køen er tom. Godt jobbet.",
    "The reader": "Leseren",
    "The request body is nested too deeply.": "Innholdet i forespørselen er nøstet for dypt.",
    "The request body is not valid UTF-8 JSON.":
        "Innholdet i forespørselen er ikke gyldig UTF-8-JSON.",
    "The request body must be a JSON object.": "Innholdet i forespørselen må være et JSON-objekt.",
    "The request contains characters that are not allowed.":
        "Forespørselen inneholder tegn som ikke er tillatt.",
    "The request is not valid UTF-8.": "Forespørselen er ikke gyldig UTF-8.",
    "The request points at a reader who is already named by several open requests, so nothing "
    "was attached or hidden. Compare with those cases before you act.":
        "Forespørselen peker på en leser som allerede er nevnt i flere åpne forespørsler, så "
        "ingenting ble knyttet til saken eller skjult. Sammenlign med de sakene før du gjør "
        "noe.",
    "The request points at more than one reader, so nothing was hidden. Find the child's "
    "comments and attach one below.":
        "Forespørselen peker på mer enn én leser, så ingenting ble skjult. Finn barnets "
        "kommentarer og knytt en av dem til saken nedenfor.",
    "The selection holds something that is not a comment number.":
        "Utvalget inneholder noe som ikke er et kommentarnummer.",
    "The sender gave no e-mail address, so there is no one to answer.":
        "Avsenderen oppga ingen e-postadresse, så det er ingen å svare.",
    "The suspension is lifted.": "Utestengingen er opphevet.",
    "Their comments": "Kommentarene",
    "There is no open request from this reader. Nothing changed.":
        "Det finnes ingen åpen forespørsel fra denne leseren. Ingenting ble endret.",
    "There is no such action.": "Den handlingen finnes ikke.",
    "There is no such case.": "Den saken finnes ikke.",
    "There is no such message (retention may have deleted it).":
        "Den meldingen finnes ikke (den kan være slettet etter lagringstiden).",
    "They cannot comment, and keep every right over their own data.":
        "De kan ikke kommentere, og beholder alle rettigheter over sine egne data.",
    "This case has already been decided.": "Denne saken er allerede avgjort.",
    "This comment can no longer be edited.": "Denne kommentaren kan ikke lenger redigeres.",
    "This comment has already been taken down.": "Denne kommentaren er allerede fjernet.",
    "This is not yours to decide: the reported queue covers adults' published comments with "
    "open reports and their authors, never a moderator. Nothing was changed.":
        "Dette er ikke ditt å avgjøre: køen for rapporterte kommentarer gjelder voksnes "
        "publiserte kommentarer med åpne rapporter og forfatterne deres, aldri en moderator. "
        "Ingenting ble endret.",
    "This link is not valid any more.": "Denne lenken er ikke gyldig lenger.",
    "This link is not valid, or it has expired.":
        "Denne lenken er ikke gyldig, eller den er utløpt.",
    "This page is for moderators.": "Denne siden er for moderatorer.",
    "This reader is already marked as under 16. Nothing was changed.":
        "Denne leseren er allerede merket som under 16 år. Ingenting ble endret.",
    "This reader is already suspended. Nothing was changed.":
        "Denne leseren er allerede utestengt. Ingenting ble endret.",
    "This reader is not suspended. Nothing was changed.":
        "Denne leseren er ikke utestengt. Ingenting ble endret.",
    "Time to decision, under 16 (95th percentile)": "Tid til avgjørelse, under 16 (95-persentil)",
    "Time to decision, under 16 (median)": "Tid til avgjørelse, under 16 (median)",
    "Time to decision, under-16 queue (minutes)":
        "Tid til avgjørelse, køen for under 16 (minutter)",
    "Too many new articles from this site. Try again later.":
        "For mange nye artikler fra dette nettstedet. Prøv igjen senere.",
    "Under %(age)s": "Under %(age)s",
    "Under 16": "Under 16",
    "Under 16 (confirmed)": "Under 16 år (bekreftet)",
    "Under 16 queue": "Køen for under 16",
    "Under-16 comments waiting": "Kommentarer fra under 16 som venter",
    "Under-16 decisions": "Avgjørelser for under 16",
    "Under-16 queue depth, hourly": "Lengden på køen for under 16, per time",
    "Undid a decision": "Angret en avgjørelse",
    "Undo": "Angre",
    "Undone: comment %(id)s waits in the queue again, claimed by you.":
        "Angret: kommentar %(id)s venter i køen igjen, tatt av deg.",
    "Waiting at end of day": "Ventet ved dagens slutt",
    "Waiting for a decision": "Venter på avgjørelse",
    "Waiting for your decision; confirmed by the guardian %(moment)s.":
        "Venter på din avgjørelse; bekreftet av den foresatte %(moment)s.",
    "Waiting now": "Venter nå",
    "We have no request with that reference.": "Vi har ingen forespørsel med den referansen.",
    "We know of no deletion with that confirmation code.":
        "Vi kjenner ikke til noen sletting med den bekreftelseskoden.",
    "What is it about?": "Hva gjelder det?",
    "What readers and visitors wrote through the contact form: privacy questions first. Answer "
    "before the message is deleted (%(days)s days after it came).":
        "Det lesere og besøkende skrev via kontaktskjemaet: spørsmål om personvern først. Svar "
        "før meldingen slettes (%(days)s dager etter at den kom).",
    "What the guardian told us": "Dette fortalte den foresatte oss",
    "When (UTC)": "Når (UTC)",
    "Why (the guardian reads this)": "Hvorfor (den foresatte leser dette)",
    "With “Other”, say in a few words why.": "Velger du «Annet», forklar kort hvorfor.",
    "Words of your own": "Egne ord",
    "Words of your own (optional)": "Egne ord (valgfritt)",
    "Words of your own (optional, the author sees them)":
        "Egne ord (valgfritt, forfatteren ser dem)",
    "Words of your own (optional, up to %(count)s characters)":
        "Egne ord (valgfritt, opptil %(count)s tegn)",
    "Worker": "Arbeider",
    "Workers": "Arbeidere",
    "You approved comment %(id)s.": "Du godkjente kommentar %(id)s.",
    "You can only change your own comments.": "Du kan bare endre dine egne kommentarer.",
    "You can only reply to a published comment in this thread.":
        "Du kan bare svare på en publisert kommentar i denne tråden.",
    "You rejected comment %(id)s.": "Du avviste kommentar %(id)s.",
    "Your answer (sent by e-mail to the address the sender gave)":
        "Svaret ditt (sendes på e-post til adressen avsenderen oppga)",
    "Your answer is on its way.": "Svaret ditt er på vei.",
    "Your comment contains characters that are not allowed.":
        "Kommentaren din inneholder tegn som ikke er tillatt.",
    "Your comment has no text left once unsafe markup is removed.":
        "Kommentaren din har ingen tekst igjen når usikker kode er fjernet.",
    "Your comment has too much formatting or too many links. Please simplify it.":
        "Kommentaren din har for mye formatering eller for mange lenker. Gjør den enklere.",
    "answered": "besvart",
    "approve": "godkjenn",
    "approve the selected": "godkjenn de valgte",
    "asked %(moment)s": "spurte %(moment)s",
    "claim": "ta saken",
    "dismiss the reports": "avvis rapportene",
    "e-mail address": "e-postadresse",
    "first reported %(wait)s ago": "først rapportert for %(wait)s siden",
    "from:": "fra:",
    "hidden for this case": "skjult for denne saken",
    "leave a text field": "forlat et tekstfelt",
    "link": "lenke",
    "listed word": "ord på listen",
    "mark the author as under 16": "merk forfatteren som under 16 år",
    "next / previous item": "neste / forrige",
    "none": "ingen",
    "overdue": "over fristen",
    "phone number": "telefonnummer",
    "postcode": "postnummer",
    "publisher's page": "utgiverens side",
    "reject the selected (with the reason chosen below)":
        "avvis de valgte (med begrunnelsen som er valgt nedenfor)",
    "reject: choose a reason, then <kbd>Enter</kbd>":
        "avvis: velg en begrunnelse, så <kbd>Enter</kbd>",
    "remove the comment": "fjern kommentaren",
    "select for a bulk decision": "velg for en felles avgjørelse",
    "show or hide this help": "vis eller skjul denne hjelpen",
    "social media handle": "brukernavn i sosiale medier",
    "street address": "gateadresse",
    "suspend the adult author": "steng ute den voksne forfatteren",
    "undo your last decision": "angre den siste avgjørelsen din",
    "undone": "angret",
    "waited %(wait)s": "ventet %(wait)s",
    "This reader was found to be under age. Tick the box to lift a finding explicitly. Nothing "
    "changed.":
        "Denne leseren er vurdert til å være under aldersgrensen. Kryss av i boksen for å "
        "oppheve en vurdering uttrykkelig. Ingenting ble endret.",
    "APP_ENV is not set, so this server only answers on this machine. Set APP_ENV=production "
    "(with its required settings) to serve readers.":
        "APP_ENV er ikke satt, så denne serveren svarer bare på denne maskinen. Sett "
        "APP_ENV=production (med de nødvendige innstillingene) for å betjene lesere.",
    "%(seconds)s s": "%(seconds)s s",
    "%(minutes)s min": "%(minutes)s min",
    "%(hours)s h %(minutes)s min": "%(hours)s t %(minutes)s min",
    "%(days)s d %(hours)s h": "%(days)s d %(hours)s t",
    "The request could not be understood. Please go back and try again.":
        "Vi forsto ikke forespørselen. Gå tilbake og prøv igjen.",
    "You do not have access to this page.": "Du har ikke tilgang til denne siden.",
    "There is nothing at this address. Check the link, or go back to the front page.":
        "Det finnes ingenting på denne adressen. Sjekk lenken, eller gå tilbake til forsiden.",
    "This address does not accept that kind of request.":
        "Denne adressen tar ikke imot den typen forespørsel.",
    "What you sent is too large.": "Det du sendte, er for stort.",
    "What you sent is in a format we do not accept.":
        "Det du sendte, har et format vi ikke tar imot.",
    "Too many requests in a short time. Please wait a moment and try again.":
        "For mange forespørsler på kort tid. Vent litt og prøv igjen.",
})
