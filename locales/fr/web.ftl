# The web space: `!web` in chat, and every sentence of its pages.

cmd-web-usage = !web [deconnecter]
cmd-web-summary = recevoir en privé un lien de connexion à l'espace web (valable 10 minutes, une seule fois) ; !web deconnecter ferme toutes vos sessions

web-link =
    🌐 Votre lien vers l'espace web (valable { $minutes } minutes, une seule fois) :
    { $url }
    Il ouvre une session sur cet appareil. Ne le transférez à personne ; !web deconnecter ferme toutes vos sessions.
web-signed-out = { $count ->
    [0] Aucune session web n'était ouverte. Les liens non utilisés sont annulés.
    [one] Votre session web est fermée, et les liens non utilisés sont annulés.
   *[other] Vos { $count } sessions web sont fermées, et les liens non utilisés sont annulés.
}
web-not-served = L'espace web n'est pas activé pour ce bot : demandez à la personne qui l'héberge d'ajouter une section [web] à sa configuration.
web-link-rate = Vous avez déjà demandé { $max } liens dans l'heure : utilisez le dernier reçu, ou réessayez plus tard.
web-facilitators-only = Réservé à l'animation de la cohorte.
web-programme-other-cohort = Ce programme est celui de la cohorte « { $found } » : cet espace ne peut modifier que « { $cohort } ».

## Pages

web-datetime = { $when }
web-atelier-when = { $start } – { $end }
web-file-size = { $kib } Kio
web-skip-link = Aller au contenu
web-nav-label = Menu
web-path-link = Mon parcours
web-overview-link = Vue d'ensemble
web-programme-link = Programme
web-home-link = Accueil
web-back-link = Retour
web-sign-out-button = Se déconnecter
web-home-title = Espace web de compagnon
web-home-intro = Cet espace accompagne votre formation à côté de la discussion : programme, livrables, agenda et, pour l'animation, le suivi de toute la cohorte.
web-home-step-ask = Dans la discussion, écrivez !web au bot (dans le salon de la cohorte ou en message privé).
web-home-step-open = Ouvrez le lien qu'il vous envoie en privé : il est valable 10 minutes, une seule fois.
web-enter-title = Se connecter
web-enter-intro = Ce lien ouvre une session sur cet appareil. Il ne servira qu'une fois.
web-enter-button = Me connecter
web-bad-link-title = Lien non valable
web-bad-link = Ce lien a déjà servi, a expiré (il vaut 10 minutes) ou n'est pas complet. Demandez-en un nouveau en écrivant !web au bot.
web-sign-in-title = Connexion nécessaire
web-sign-in-needed = Pour voir cette page, connectez-vous : écrivez !web au bot dans la discussion, puis ouvrez le lien qu'il vous envoie en privé.
web-signed-out-title = Déconnecté·e
web-signed-out-page = Votre session sur cet appareil est fermée. Pour fermer toutes vos sessions, écrivez !web deconnecter au bot.
web-error-title = Erreur
web-error-internal = Quelque chose s'est mal passé de notre côté ; rien n'a été perdu. Réessayez dans un instant, et prévenez l'animation si cela continue.
web-not-found-title = Page introuvable
web-not-found = Cette page n'existe pas, ou elle n'est pas visible pour vous.
web-forbidden-title = Accès réservé
web-csrf-title = Formulaire expiré
web-csrf = Ce formulaire n'est plus valable (session changée, ou envoyé d'ailleurs). Rechargez la page et recommencez : rien n'a été modifié.
web-refused-title = Impossible
web-answer-title = Réponse
web-already-done = Ce formulaire avait déjà été envoyé : rien n'a été fait une deuxième fois.

web-path-title = Mon parcours
web-path-intro = { $name }, voici votre parcours dans « { $cohort } ».
web-programme-heading = Programme et références
web-atelier-heading = Atelier { $number } — { $title }
web-atelier-cancelled = Atelier annulé : { $reason }
web-atelier-join = Rejoindre à distance
web-references-heading = Références pour préparer
web-reference-required = à lire avant l'atelier
web-deliverable-heading = Livrable : { $title }
web-deliverable-due = À rendre avant le { $due }
web-deliverable-extended = délai accordé
web-deliverable-none-yet = Rien n'a encore été rendu.
web-version-receipt = Version { $version }, reçue le { $when }
web-version-late = en retard
web-feedback-line = Retour de l'animation ({ $status }), le { $when } :
web-upload-text-label = Texte ou liens (facultatif)
web-upload-file-label = Fichiers (facultatif, { $mib } Mio au plus chacun)
web-upload-button = Rendre le livrable de l'atelier { $number }
web-upload-unreadable = Le formulaire n'a pas pu être lu (envoi interrompu, ou trop de fichiers). Rien n'a été enregistré ; réessayez.
web-upload-no-atelier = Le formulaire ne dit pas pour quel atelier : rechargez la page et recommencez.
web-feed-heading = Mon agenda
web-feed-intro = Abonnez votre agenda (Google, Apple, Thunderbird…) aux ateliers et à vos propres échéances : elles se mettent à jour toutes seules, délais accordés compris.
web-feed-since = Votre adresse d'agenda personnelle existe depuis le { $since }. Elle n'est affichée qu'à sa création : si vous l'avez perdue, créez-en une nouvelle (l'ancienne cessera de fonctionner).
web-feed-button = Créer mon adresse d'agenda
web-feed-renew-button = Remplacer mon adresse d'agenda
web-feed-revoke-button = Supprimer mon adresse d'agenda
web-feed-title = Adresse d'agenda
web-feed-made = Voici votre adresse d'agenda personnelle. Elle n'est affichée qu'une fois : copiez-la maintenant dans votre agenda. Ne la partagez pas.
web-feed-url-label = Adresse à copier
web-feed-webcal = Ouvrir dans mon application d'agenda
web-feed-google = Google Agenda : « Autres agendas » → « + » → « À partir de l'URL », puis collez l'adresse.
web-feed-apple = Apple Calendrier : Fichier → « Nouvel abonnement à un calendrier… », puis collez l'adresse.
web-feed-thunderbird = Thunderbird : Nouvel agenda → « Sur le réseau », puis collez l'adresse.
web-feed-revoked = Votre adresse d'agenda est supprimée : les agendas abonnés ne recevront plus rien.
web-feed-none = Vous n'aviez pas d'adresse d'agenda.
web-data-heading = Mes données
web-data-button = Télécharger mes données (JSON)
web-forget-intro = Effacer toutes vos données de cette cohorte : livrables, votes nominatifs, présences, réponses, messages privés. C'est définitif.
web-forget-confirm-label = Je veux effacer définitivement mes données
web-forget-button = Effacer mes données
web-forget-unconfirmed = Cochez la case de confirmation pour effacer vos données. Rien n'a été effacé.
web-forgotten-title = Données effacées

web-overview-title = Vue d'ensemble
web-overview-intro = Cohorte « { $cohort } » : { $participants ->
    [one] 1 participant·e
   *[other] { $participants } participant·es
}.
web-attention-heading = À regarder d'abord
web-attention-none = Personne n'a besoin d'attention particulière pour l'instant.
web-attention-missing = { $count ->
    [one] 1 livrable manquant
   *[other] { $count } livrables manquants
}
web-attention-absent = { $count ->
    [one] 1 absence ou présence non confirmée
   *[other] { $count } absences ou présences non confirmées
}
web-attention-silent = { $count ->
    [one] 1 préparation pas prête ou sans réponse
   *[other] { $count } préparations pas prêtes ou sans réponse
}
web-attention-late = { $count ->
    [one] 1 rendu en retard
   *[other] { $count } rendus en retard
}
web-attention-questions = { $count ->
    [one] 1 question en attente
   *[other] { $count } questions en attente
}
web-grid-heading = Participant·es et ateliers
web-grid-caption = Pour chaque atelier : préparation, présence, livrable (version, état) et relectures entre pairs.
web-grid-participant = Participant·e
web-grid-atelier = { $number }. { $title }
web-grid-cancelled = annulé
web-grid-preparation = Préparation :
web-grid-attendance = Présence :
web-cell-ready = prêt·e
web-cell-not-yet = pas encore
web-cell-none = —
web-cell-present = { $present }/{ $sessions } demi-journée(s)
web-cell-not-handed-in = Livrable : pas rendu
web-cell-deliverable = Livrable v{ $version } : { $status ->
    [reviewed] relu
    [validated] validé
    [rework] à reprendre
   *[received] à lire
}{ $late ->
    [yes] , en retard
   *[no] {""}
}
web-cell-reviews = Relectures : { $given }/{ $asked }
web-reader-title = Livrable de { $author } — atelier { $number }
web-feedback-heading = Répondre
web-feedback-status-label = État
web-feedback-text-label = Votre retour (envoyé en privé à la personne, comme !retour)
web-feedback-button = Envoyer le retour

web-programme-title = Programme de la cohorte
web-programme-intro = Le fichier de programme de « { $cohort } ». Vérifiez-le : chaque problème est indiqué à sa ligne, puis l'aperçu montre chaque message automatique avant l'import.
web-programme-source-label = Fichier de programme (TOML)
web-programme-check-button = Vérifier et prévisualiser
web-programme-import-button = Importer ce programme
web-programme-problems = { $count ->
    [one] 1 problème
   *[other] { $count } problèmes
} — rien n'a été importé
web-programme-problem-at = Ligne { $line }, colonne { $column } :
web-programme-preview = Aperçu : { $ateliers } ateliers, chaque message automatique
web-programme-imported-title = Programme importé
web-programme-too-long = Ce programme est trop long pour être envoyé d'ici (256 Kio au plus).

web-votes-link = Sondages et décisions
web-votes-title = Sondages et décisions
web-polls-heading = Sondages
web-polls-none = Aucun sondage pour l'instant.
web-poll-heading = Sondage n° { $number } — { $question }
web-poll-state = { $open ->
    [yes] ouvert
   *[no] clos
}{ $anonymous ->
    [yes] , anonyme
   *[no] {""}
}
web-poll-chart-alt = Graphique des résultats : { $question }
web-decisions-heading = Décisions
web-decisions-none = Aucune décision pour l'instant.
web-decision-heading = Décision n° { $number } — { $question }
web-decision-phases = Propositions jusqu'au { $proposals }, amendements jusqu'au { $amendments }, vote jusqu'au { $vote }.
web-decision-no-record = Le relevé de décision sera écrit à la clôture du vote.

web-exports-link = Exports
web-exports-title = Feuilles, certificats et exports
web-exports-intro = Les mêmes fichiers que les commandes d'export : feuilles de présence à imprimer et signer, certificats de réalisation, archive des livrables avec son manifeste.
web-exports-none = Les exports ne sont pas disponibles sur cette installation.
web-export-attendance-csv = Présences : une ligne par personne et par demi-journée (CSV)
web-export-attendance-pdf = Feuilles de présence à imprimer et signer (PDF)
web-export-certificates = Certificats de réalisation, un par participant·e (ZIP de PDF)
web-export-deliverables = Livrables, dernière version de chacun, avec le manifeste (ZIP)
web-export-failed = Ce fichier n'a pas pu être fait : { $error }

web-facilitator-stale = Pour les pages et actions d'animation, reconnectez-vous au moins toutes les { $hours } heures : écrivez !web au bot, il confirmera votre rôle. Votre parcours reste ouvert.
