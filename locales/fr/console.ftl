## The terminal chat (`compagnon console`).

console-welcome = compagnon, en console. Écrivez comme dans le salon de la cohorte ; :aide pour les commandes de la console, :quit pour sortir.
console-to-room = compagnon → salon
console-to-dm = compagnon → { $name } (message privé)
console-to-space = compagnon → groupe { $group } de l'atelier { $atelier } (son espace)
console-clock = ── { $when } ──
console-speaker = (vous écrivez maintenant en tant que { $name }, { $role })
console-place-dm = (vos messages vont maintenant en privé au bot ; :salon pour revenir au salon)
console-place-room = (vos messages vont maintenant dans le salon de la cohorte)
console-attached = (pièce jointe prête pour le prochain message : { $name }, { $size } octets)
console-attach-failed = Impossible de lire le fichier « { $path } » : { $error }
console-attach-not-a-file = « { $path } » n'est pas un fichier ordinaire : je ne le joins pas.
console-advance-needs-now = :advance ne fonctionne qu'avec une horloge simulée : relancez avec --now 2027-02-01T09:00:00+01:00 par exemple.
console-bad-duration = Durée illisible : « { $input } ». Exemples : 2d, 3h30m, 45m.
console-unknown-meta = Commande de console inconnue : « { $input } ». Tapez :aide.
console-no-cohort = Aucune cohorte dans cette base : lancez avec --programme FICHIER pour en importer une.
console-imported = Programme « { $title } » importé : { $ateliers } ateliers, { $jobs } messages automatiques programmés.
console-meta-help =
    Commandes de la console :
      :as NOM [facilitator|participant|observer] — parler en tant que NOM
      :dm / :salon — écrire en privé au bot / dans le salon
      :advance DURÉE — avancer l'horloge simulée (2d, 3h30m…) et envoyer ce qui arrive à échéance
      :attach CHEMIN — joindre un fichier au prochain message
      :quit — quitter

## The command line (`compagnon programme …`).

cli-check-ok = { $file } : programme valide — { $ateliers } ateliers, { $references } références, { $deliverables } livrables, { $messages } messages automatiques.
cli-check-failed = { $file } : { $count ->
    [one] 1 problème à corriger.
   *[other] { $count } problèmes à corriger.
}
cli-import-created = Cohorte « { $name } » créée : { $ateliers } ateliers, { $jobs } messages automatiques programmés.
cli-import-updated = Cohorte « { $name } » mise à jour : { $added } ateliers ajoutés, { $updated } modifiés, { $removed } retirés ; { $jobs } messages programmés, { $cancelled } annulés. Les livrables et les votes sont conservés.
cli-import-noop = Cohorte « { $name } » déjà à jour : rien n'a changé.
console-update = {" "}(mise à jour)
