## Problems found in a programme file, shown to the facilitator who wrote it.

# A problem with its position: « ligne 12, colonne 3 : … ».
programme-problem-at = ligne { $line }, colonne { $column } : { $message }

programme-syntax = le fichier n'est pas du TOML valide : { $detail }

## Where a key lives, slotted into other messages as $place.
programme-place-root = au premier niveau du fichier
programme-place-table = dans { $table }

## Value types, slotted into programme-wrong-type as $expected and $found.
programme-type-text = du texte entre guillemets
programme-type-integer = un nombre entier
programme-type-float = un nombre à virgule
programme-type-boolean = true ou false
programme-type-datetime = une date et une heure
programme-type-date = une date
programme-type-time = une heure
programme-type-array = une liste
programme-type-table = une table
programme-type-list-of-tables = une liste de tables (écrites avec [[…]])
programme-type-text-or-list = un nom ou une liste de noms

programme-wrong-type = « { $key } » doit être { $expected }, pas { $found }
programme-unknown-key = clé inconnue « { $key } » { $place }
programme-unknown-key-suggest = clé inconnue « { $key } » { $place } ; vouliez-vous dire « { $suggestion } » ?
programme-missing-key = il manque la clé « { $key } » { $place }
programme-empty-text = « { $key } » est vide { $place } ; écrivez-y quelque chose ou retirez la ligne si elle est facultative
programme-number-too-large = le nombre donné pour « { $key } » est bien trop grand
programme-bad-url = lien invalide pour « { $key } » : « { $value } » ; écrivez une adresse complète commençant par https:// ou http://
programme-time-offset = « { $key } » ne doit pas porter de décalage horaire : écrivez l'heure locale, le fuseau se règle dans [cohort] avec « timezone »
programme-bad-datetime = date et heure invalides pour « { $key } » : « { $value } » ; écrivez par exemple « 2027-02-11 09:30 »
programme-bad-date = date invalide pour « { $key } » : « { $value } » ; écrivez par exemple « 2027-02-01 »
programme-bad-time = heure invalide pour « { $key } » : « { $value } » ; écrivez par exemple « 09:00 »

## [cohort]
programme-bad-cohort-name = nom de cohorte invalide : « { $value } » ; utilisez seulement des minuscules sans accent, des chiffres et des tirets, par exemple « bvm-printemps-2027 »
programme-bad-timezone = fuseau horaire inconnu : « { $value } » ; écrivez un nom de fuseau IANA, par exemple « Europe/Paris »
programme-bad-timezone-suggest = fuseau horaire inconnu : « { $value } » ; vouliez-vous dire « { $suggestion } » ?
programme-bad-language = langue inconnue : « { $value } » ; écrivez « fr » ou « en »

## [[atelier]]
programme-no-atelier = le programme ne contient aucun atelier ; ajoutez au moins une section [[atelier]]
programme-atelier-number-invalid = numéro d'atelier invalide : { $number } ; les ateliers sont numérotés à partir de 1
programme-atelier-duplicate = l'atelier { $number } est déjà défini à la ligne { $line }
programme-atelier-missing = il manque l'atelier { $number } : les ateliers doivent être numérotés 1, 2, 3… sans trou
programme-atelier-missing-range = il manque les ateliers { $first } à { $last } : les ateliers doivent être numérotés 1, 2, 3… sans trou
programme-end-before-start = la fin de l'atelier ({ $end }) doit tomber après son début ({ $start })
programme-deadline-before-end = l'échéance du livrable de l'atelier { $number } ({ $due }) doit tomber après la fin de l'atelier ({ $end })
programme-bad-deliverable-by = « by » vaut « person » (un livrable par personne, par défaut) ou « group » (un par petit groupe), pas « { $value } »
programme-due-twice = donnez soit « due » (une date), soit « due_after » (une durée après la fin de l'atelier, par exemple « 7d »), pas les deux
programme-reference-empty = cette référence n'a ni « url » ni « text » ; donnez au moins l'un des deux
programme-bad-reference-kind = type de référence inconnu : « { $value } » ; choisissez parmi lecture, video, audio, site, exercice

## [[rule]] and [[recurring]]
programme-bad-rule-kind = type de rappel inconnu : « { $value } » ; choisissez parmi references, atelier-reminder, deadline-chase, deadline-summary
programme-before-and-after = un rappel ne peut avoir à la fois « before » et « after » ; gardez-en un seul
programme-before-or-after-missing = il manque « before » ou « after » pour dire quand envoyer ce rappel
programme-bad-duration = durée invalide pour « { $key } » : « { $value } » ; écrivez par exemple « 7d », « 2h », « 1d12h » ou « 30m » (d = jours, h = heures, m = minutes)
programme-at-needs-days = avec « at », la durée doit compter des jours entiers : « { $value } » contient des heures ou des minutes
programme-empty-target = la liste des destinataires est vide ; choisissez parmi room, participants, facilitators
programme-bad-target = destinataire inconnu : « { $value } » ; choisissez parmi room, participants, facilitators
programme-bad-cron = règle cron invalide : « { $value } » ({ $detail }) ; écrivez cinq champs minute heure jour mois jour-de-semaine, par exemple « 0 9 * * MON »
programme-cron-too-often = la règle « { $value } » enverrait un rappel plus d'une fois par heure ; laissez au moins { $minutes } minutes entre deux envois
programme-until-before-from = la date « until » du rappel récurrent ({ $until }) tombe avant sa date « from » ({ $from })
programme-bad-minutes = « { $key } » doit être un nombre de minutes entre 0 et { $max }
programme-too-many-sessions = un atelier peut avoir au plus { $max } sessions d'émargement
programme-session-ends-first = cette session se termine avant de commencer
programme-session-overlaps = cette session commence avant la fin de la précédente : listez-les dans l'ordre, sans chevauchement
programme-session-outside = cette session tombe en dehors des jours de l'atelier
programme-too-many-objectives = un programme peut lister au plus { $max } objectifs
programme-objective-too-long = un objectif tient en { $max } caractères au plus
programme-bad-days = « { $key } » doit être un nombre de jours entre 1 et { $max }
programme-bad-hours = « { $key } » doit être un nombre d'heures entre 0 et { $max }
programme-review-out-of-range = « { $key } » doit être un nombre entier de { $min } à { $max }
programme-bad-criterion = chaque critère est un texte de 1 à { $max } caractères
programme-criteria-count = donnez de 1 à { $max } critères
programme-type-list-of-texts = une liste de textes, par exemple ["Clarté", "Faisabilité"]
