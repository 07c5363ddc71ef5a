# What the operator's commands say: `compagnon init` and `compagnon doctor`.

cli-init-ask-name = Nom court de la cohorte (minuscules, chiffres et tirets, par exemple bvm-automne-2027) :
cli-init-ask-title = Titre de la cohorte :
cli-init-ask-platforms = Plateformes (matrix, discord ou les deux) :
cli-init-ask-homeserver = Adresse du serveur Matrix (par exemple https://matrix.example.org) :
cli-init-ask-matrix-user = Compte Matrix du bot (par exemple @compagnon:example.org) :
cli-init-ask-matrix-room = Salon Matrix de la cohorte (identifiant !…:serveur ou alias #…:serveur) :
cli-init-ask-discord-channel = Identifiant du salon Discord de la cohorte (clic droit → Copier l'identifiant) :
cli-init-ask-date = Date de l'atelier { $number } (AAAA-MM-JJ) :
cli-init-ask-web = Adresse publique de l'espace web (https://…), ou Entrée pour s'en passer :
cli-init-bad-name = Un nom court de 3 à 40 caractères : lettres minuscules sans accent, chiffres et tirets.
cli-init-bad-text = Un texte de { $max } caractères au plus, sans guillemets droits ni barre oblique inverse.
cli-init-bad-platforms = Répondez matrix, discord ou les deux.
cli-init-bad-url = Une adresse complète qui commence par https:// (ou http://).
cli-init-bad-matrix-user = Un compte Matrix s'écrit @nom:serveur.
cli-init-bad-matrix-room = Un salon Matrix s'écrit !identifiant:serveur ou #alias:serveur.
cli-init-bad-channel = Un identifiant Discord est un nombre de 15 à 21 chiffres.
cli-init-bad-date = Une date réelle au format AAAA-MM-JJ, par exemple 2027-09-16.
cli-init-date-order = Les ateliers se suivent : choisissez une date après le { $previous }.
cli-init-no-answer = Pas de réponse : rien n'a été écrit.
cli-init-exists = { $file } existe déjà : rien n'a été écrit (--force pour le remplacer).
cli-init-done =
    C'est prêt : { $config } et { $programme }.
    Donnez le mot de passe ou le jeton au bot par variable d'environnement (voir le fichier), vérifiez avec :
      compagnon doctor --config { $config }
    puis lancez : compagnon run --config { $config }
