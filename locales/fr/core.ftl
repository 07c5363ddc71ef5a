## Dates and times, as a French reader expects them.

fmt-weekday = { $weekday ->
    [1] lundi
    [2] mardi
    [3] mercredi
    [4] jeudi
    [5] vendredi
    [6] samedi
   *[7] dimanche
}
fmt-month = { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
}
fmt-date = { fmt-weekday } { $day ->
    [1] 1er
   *[other] { $day }
} { fmt-month } { $year }
fmt-time = { $hour } h { $minute }
fmt-datetime = { $date } à { $time }

## Durations and countdowns.

unit-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
unit-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
unit-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
countdown-now = maintenant
countdown = dans { $duration }
duration-one = { $a }
duration-two = { $a } et { $b }

## Roles and languages.

role-observer = observateur·rice
role-participant = participant·e
role-facilitator = facilitateur·rice
lang-name = { $lang ->
    [en] anglais
   *[fr] français
}

## A message that is only text already rendered.

text = { $text }

## Errors shown to people.

error-internal = Désolé, une erreur interne m'a empêché de répondre. Si cela se reproduit, transmettez cette référence à l'équipe d'animation : { $reference }.
undeliverable = Je n'ai pas pu remettre un message { $kind ->
    [room] dans le salon { $whom }
    [space] dans l'espace du groupe (atelier/groupe) { $whom }
   *[dm] en privé à { $whom }
} : la plateforme le refuse (salon quitté, messages privés fermés…). Pensez à transmettre l'information autrement.
error-unknown-command = Je ne connais pas la commande « !{ $command } ». Tapez !aide pour voir ce que je sais faire.
error-unknown-command-suggest = Je ne connais pas la commande « !{ $command } ». Vouliez-vous dire « !{ $suggestion } » ? Usage : { $usage }
error-usage = Ce n'est pas tout à fait ça. Usage : { $usage }
error-unclosed-quote = Il manque un guillemet fermant dans votre commande.
error-room-not-linked = Ce salon n'est lié à aucune cohorte : je ne sais pas de quel programme vous parler. Demandez à l'équipe d'animation de le relier à votre cohorte.
error-not-a-member = Vous n'êtes membre d'aucune cohorte que j'accompagne. Écrivez-moi depuis le salon de votre cohorte.
error-forbidden = Cette commande est réservée aux personnes ayant le rôle { $role }.
error-role-unconfirmed = Je ne peux pas confirmer votre rôle d'animation depuis ce message privé. Lancez cette commande dans le salon de la cohorte.
error-beyond-horizon = C'est trop loin : je ne programme rien à plus de { $days } jours d'aujourd'hui.
error-text-too-long = Ce texte fait { $length } caractères ; la limite est de { $max }.
error-rate-limited = Doucement : { $max } commandes par minute au plus. Je reprends la minute prochaine.
error-cron-too-often = Cette règle se déclencherait trop souvent : il faut au moins { $minutes } minutes entre deux envois d'un rappel récurrent.
error-too-many-reminders = La cohorte a déjà { $max } rappels actifs, le maximum. Annulez-en un avec !rappels annuler N.
error-no-such-atelier = Il n'y a pas d'atelier { $number } : le cycle en compte { $count } (de 1 à { $count }).
error-refs-cycle-over = Le cycle est terminé. Pour revoir les références d'un atelier, tapez !refs suivi de son numéro.

timezone-current = { $own ->
    [yes] Votre fuseau horaire : { $zone }. Je vous écris les dates avec votre heure à côté de celle de la cohorte. (!fuseau aucun pour revenir à celui de la cohorte.)
   *[no] Vous suivez le fuseau de la cohorte : { $zone }. Si vous vivez ailleurs : !fuseau America/Guadeloupe, par exemple.
}
timezone-cleared = C'est noté : vous suivez de nouveau le fuseau de la cohorte ({ $zone }).
timezone-set = C'est noté : fuseau { $zone }. En message privé, je vous écrirai les dates avec votre heure à côté de celle de la cohorte, par exemple maintenant : { $now }. Le salon garde l'heure de la cohorte.
timezone-unknown = Je ne connais pas le fuseau « { $zone } ». Écrivez-le comme Europe/Paris ou America/Guadeloupe.
timezone-unknown-suggest = Je ne connais pas le fuseau « { $zone } ». Vouliez-vous dire { $suggestion } ?
datetime-two-zones = { $here } à { $city }, soit { $there } chez vous
cmd-timezone-usage = !fuseau [Zone|aucun]
cmd-timezone-summary = vivre dans un autre fuseau horaire (Outre-mer, étranger) : les dates qu'on vous écrit en privé montrent aussi votre heure, par exemple !fuseau America/Guadeloupe
