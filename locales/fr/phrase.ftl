## Date phrases at the start of a command (« !rappel demain 9h … »): why one is refused.

phrase-examples = Par exemple : « demain 9h », « lundi 14h30 », « 12 mars à 9h30 », « 2027-03-12 09:00 » ou « dans 2h ».
phrase-missing = Il manque la date. { phrase-examples }
phrase-unknown = Je ne sais pas lire « { $text } » comme une date. { phrase-examples }
phrase-impossible-date = « { $text } » n’existe pas dans le calendrier : vérifiez le jour et le mois (par exemple « 28 février » ou « 2027-02-28 »).
phrase-invalid-time = « { $text } » n’est pas une heure valable : les heures vont de 0 à 23 et les minutes de 0 à 59 (par exemple « 9h30 » ou « 14:00 »).
phrase-bad-duration = Je ne sais pas lire « { $text } » comme un délai. Par exemple : « dans 2h », « dans 1h30 », « dans 45 min » ou « dans 3 jours ».
phrase-past = Ce moment est déjà passé : { $when }. Choisissez une date à venir, par exemple « demain 9h ».
phrase-weekday-mismatch = Vous avez écrit { $written }, mais il s’agit du { $date }. Corrigez le jour ou la date, ou écrivez la date seule (par exemple « 15 mars 9h »).
