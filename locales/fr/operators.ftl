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

doctor-config = Configuration lisible : { $file }
doctor-config-bad = Configuration illisible : { $error }
doctor-fix-config = Corrigez la ligne indiquée ; le README (section Configuration) montre chaque section.
doctor-database = Base de données ouverte en écriture : { $file }
doctor-database-bad = Base de données { $file } inutilisable : { $error }
doctor-data-dir = Dossier de données accessible en écriture : { $path }
doctor-data-dir-bad = Dossier de données { $path } inutilisable : { $error }
doctor-fix-writable = Donnez ce chemin à l'utilisateur qui lance le bot (chown, chmod), ou choisissez-en un autre : { $path }
doctor-programme = Programme valide : { $file } (cohorte { $cohort }, { $ateliers } ateliers)
doctor-programme-bad = Programme { $file } : { $count } problème(s), le premier ligne { $line }
doctor-programme-unreadable = Programme { $file } illisible : { $error }
doctor-fix-programme = Voyez chaque problème avec : compagnon programme check { $file }
doctor-no-platform = Aucune plateforme configurée : personne ne recevrait rien.
doctor-fix-no-platform = Ajoutez une section [matrix] ou [discord] (compagnon init en écrit une).
doctor-matrix-secret = Matrix : secret lisible
doctor-matrix-secret-missing = Matrix : secret introuvable ({ $error })
doctor-fix-matrix-secret = Définissez la variable d'environnement nommée par password_env (ou access_token_env), ou créez le fichier nommé par password_file, lisible par le bot seulement.
doctor-matrix-login = Matrix : connecté en tant que { $user } (appareil { $device })
doctor-matrix-login-failed = Matrix : connexion de { $user } à { $homeserver } impossible ({ $error })
doctor-fix-matrix-login = Vérifiez l'adresse du serveur (homeserver), le compte (user_id) et le mot de passe ; le serveur doit être joignable d'ici.
doctor-fix-matrix-session = La session enregistrée n'est plus valable : déplacez le dossier data_dir de [matrix] pour vous reconnecter avec le mot de passe.
doctor-matrix-sync-failed = Matrix : première synchronisation impossible ({ $error })
doctor-matrix-room-joined = Matrix : le bot est dans le salon { $room }
doctor-matrix-room-invited = Matrix : le bot est invité dans { $room } ; il le rejoindra au démarrage
doctor-matrix-room-missing = Matrix : le bot n'est ni membre ni invité du salon { $room }
doctor-fix-matrix-room = Invitez { $user } dans { $room } depuis un compte qui anime la cohorte, puis relancez doctor.
doctor-discord-token = Discord : jeton accepté, bot « { $name } »
doctor-discord-token-missing = Discord : jeton introuvable ({ $error })
doctor-fix-discord-token = Définissez la variable d'environnement nommée par token_env, ou créez le fichier nommé par token_file.
doctor-discord-token-refused = Discord : jeton refusé ({ $error })
doctor-fix-discord-token-refused = Régénérez le jeton dans le portail développeur Discord (Bot → Reset Token) et mettez-le dans la variable ou le fichier configuré.
doctor-discord-intent = Discord : intention « Message Content » activée
doctor-discord-intent-missing = Discord : l'intention privilégiée « Message Content » n'est pas activée ; le bot ne lirait pas les commandes tapées
doctor-discord-intent-unknown = Discord : impossible de lire les réglages de l'application ({ $error })
doctor-fix-discord-intent = Portail développeur Discord → votre application → Bot → Privileged Gateway Intents : activez « Message Content Intent ».
doctor-discord-channel = Discord : toutes les permissions nécessaires dans #{ $channel }
doctor-discord-channel-unreachable = Discord : salon { $channel } inaccessible ({ $error })
doctor-fix-discord-channel = Vérifiez l'identifiant du salon { $channel } et invitez le bot sur le serveur (lien OAuth2 avec les portées bot et applications.commands).
doctor-discord-channel-permissions = Discord : permissions manquantes dans #{ $channel } : { $missing }
doctor-fix-discord-permissions = Donnez au rôle du bot ces permissions sur le salon (Paramètres du salon → Permissions) : { $missing }
doctor-web-listen = Web : l'adresse { $listen } est libre
doctor-web-listen-bad = Web : impossible d'écouter sur { $listen } ({ $error })
doctor-fix-web-listen = Un autre programme (ou compagnon déjà lancé) utilise ce port : arrêtez-le ou changez listen dans [web].
doctor-web-public = Web : l'adresse publique { $url } est résolue
doctor-web-public-bad = Web : l'adresse publique { $url } ne se résout pas
doctor-fix-web-public = Créez l'enregistrement DNS de { $host } vers cette machine (ou son proxy) ; public_url est l'adresse que les liens !web donnent.
doctor-web-not-https = Web : { $url } n'est pas en https ; les cookies de session passeraient en clair
doctor-fix-web-https = Servez l'espace web derrière un proxy HTTPS (Caddy, nginx) et écrivez public_url = "https://…".
doctor-summary = { $failed ->
    [0] Tout est prêt ({ $checks } vérifications).
    [one] 1 problème sur { $checks } vérifications : voyez la correction sous la ligne ✗.
   *[other] { $failed } problèmes sur { $checks } vérifications : voyez les corrections sous les lignes ✗.
}
