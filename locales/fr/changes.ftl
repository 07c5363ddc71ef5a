# Ateliers déplacés ou annulés depuis la discussion.

cmd-move-atelier-usage = !atelier-deplacer N DATE [raison]
cmd-move-atelier-summary = animateur·rices : déplacer l'atelier N (par exemple « !atelier-deplacer 3 2027-04-02 9h30 salle indisponible ») ; rappels, échéance relative et calendriers suivent, la cohorte est prévenue
cmd-cancel-atelier-usage = !atelier-annuler N raison
cmd-cancel-atelier-summary = animateur·rices : annuler l'atelier N ; ses rappels sont retirés et la cohorte est prévenue, avec la raison

atelier-moved-done =
    📅 L'atelier { $number } « { $title } » passe du { $old } au { $when }.
    { $added } envoi(s) programmé(s) à la nouvelle date, { $withdrawn } retiré(s) ; la cohorte est prévenue (salon et messages privés).
atelier-moved-deadline = L'échéance du livrable, fixée par rapport à l'atelier, suit : { $due }.
atelier-cancelled-done =
    ❌ L'atelier { $number } « { $title } » est annulé : { $withdrawn } envoi(s) programmé(s) retiré(s), la cohorte est prévenue (salon et messages privés).
    Pour le reprogrammer : !atelier-deplacer { $number } DATE
atelier-move-same-date = L'atelier { $number } a déjà lieu le { $when }.
atelier-already-cancelled = L'atelier { $number } est déjà annulé. Pour le reprogrammer : !atelier-deplacer { $number } DATE
atelier-change-past = L'atelier { $number } a déjà commencé : il ne peut plus être déplacé ni annulé.
atelier-change-needs-import = Je n'ai pas le fichier de programme de la cohorte « { $cohort } » tel qu'importé : importez-le de nouveau (compagnon programme import), puis recommencez.
atelier-move-after-deadline = L'échéance du livrable de l'atelier { $number } est fixée au { $due }, avant la nouvelle fin de l'atelier ({ $end }). Changez d'abord l'échéance dans le fichier de programme (ou écrivez-la « due_after = "7d" » pour qu'elle suive l'atelier).
atelier-cancelled-mark = ❌ annulé ({ $reason })
