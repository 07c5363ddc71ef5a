# Relecture entre pairs des livrables.

cmd-review-usage = !avis N CODE critère=note … [commentaire]
cmd-review-summary = donner votre avis sur un livrable que l'on vous a confié à relire (le code vient avec le livrable), par exemple !avis 3 R2 clarté=4 faisabilité=3 Très concret
cmd-review-progress-usage = !avis-suivi N
cmd-review-progress-summary = animateur·rices : qui a relu quoi pour l'atelier N

review-allocated =
    🔍 **Relecture entre pairs — atelier { $number } « { $title } »**
    Voici le travail à relire, à rendre avant le { $due }. Notez chaque critère : { $criteria }.
    Répondez ici : !avis { $number } CODE critère=note … puis votre commentaire (les critères se nomment par leur début).
review-to-read = • { $code } : { $text }
review-to-read-by = • { $code } ({ $author }) : { $text }
review-files = (fichiers : { $files })
review-reminder =
    🔍 Rappel : vos relectures de l'atelier { $number } sont attendues avant le { $due }.
review-reminder-line = • { $code } n'a pas encore d'avis
review-released = 🔍 **Les relectures de votre livrable « { $title } » (atelier { $number })**
review-given = • { $scores }
review-given-comment =   « { $comment } »
review-given-by =   — { $by }
review-none = Le livrable de l'atelier { $number } n'est pas relu entre pairs.
review-not-yours = Aucune relecture « { $code } » ne vous est confiée (le code vient avec le livrable à relire).
review-closed = Les relectures de l'atelier { $number } sont closes.
review-bad-criterion = Je ne sais pas quel critère est « { $word } » : { $criteria }.
review-bad-score = « { $word } » : la note va de 1 à { $scale }.
review-incomplete = Notez chaque critère : { $criteria }.
review-recorded = Merci, votre avis { $code } est enregistré ; vous pouvez le remplacer jusqu'à la date limite.
review-progress-header = **Relectures de l'atelier { $number }** ({ $count } relecteur·rices)
review-progress-line = • { $name } : { $done } sur { $total }
