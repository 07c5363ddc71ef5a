# Discord adapter: slash command options, poll buttons, closed DMs.

discord-option-atelier = le numéro de l'atelier
discord-option-arguments = la suite de la commande, comme après le nom de la commande tapée avec !
discord-option-file = un fichier à joindre (livrable)
discord-atelier-choice = { $number }. { $title }
discord-vote-button = Voter
discord-checkin-ready = ✅ Prêt·e
discord-present-on-site = 📍 Présent·e sur place
discord-present-remote = 💻 Présent·e à distance
discord-checkin-ask = ❓ Une question
discord-checkin-not-yet = ⏳ Pas encore
discord-vote-submit = Envoyer mon vote
discord-grade-placeholder = { $option } : votre mention
discord-choices-placeholder = Vos choix ({ $max } au plus)
discord-dm-closed = { $mention }, je n'arrive pas à vous écrire en message privé. Ouvrez vos messages privés pour ce serveur (Paramètres de confidentialité du serveur) pour recevoir mes rappels et mes réponses.
discord-dm-closed-facilitators = Je n'ai pas pu écrire en privé à { $name } (messages privés fermés) ; je l'ai prévenu·e dans le salon.
discord-event-name = Atelier { $number } — { $title }
discord-ballot-page = { $question } (page { $page } sur { $pages })
discord-ballot-next = Suivant
discord-ballot-previous = Précédent
