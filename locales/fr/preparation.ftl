# Préparation des ateliers : qui est prêt·e, qui ne l'est pas encore, les questions.

cmd-ready-usage = !pret N
cmd-ready-summary = dire que vous avez fait le travail préparatoire de l'atelier N
cmd-not-yet-usage = !pas-encore N
cmd-not-yet-summary = dire que vous n'avez pas encore fini de préparer l'atelier N
cmd-ask-usage = !question N votre question
cmd-ask-summary = poser une question aux animateur·rices sur la préparation de l'atelier N
cmd-preparation-usage = !preparation N
cmd-preparation-summary = voir qui est prêt·e pour l'atelier N, qui ne l'est pas encore, et les questions posées

preparation-ready = ✅ C'est noté : vous êtes prêt·e pour l'atelier { $number } « { $title } ».
preparation-not-yet = ⏳ C'est noté : pas encore prêt·e pour l'atelier { $number } « { $title } ». Les références sont là : !refs { $number }
preparation-question-noted = ❓ Votre question sur l'atelier { $number } « { $title } » est notée : les animateur·rices la voient dans le suivi de la préparation.
preparation-too-many-questions = Vous avez déjà posé { $max } questions sur cet atelier : c'est le maximum. Écrivez directement aux animateur·rices pour la suite.
preparation-overview =
    {"**"}Préparation de l'atelier { $number } « { $title } »**
    Prêt·es : { $ready }
    Pas encore : { $not_yet }
    Sans réponse : { $silent }
    Questions :
    { $questions }
preparation-question-line = • Q{ $id } — { $name } : { $text }{ $answered ->
    [yes] {" "}(répondue)
   *[no] {""}
}
preparation-off = Cette cohorte n'utilise pas le suivi de la préparation (le programme l'a désactivé).
cmd-answer-usage = !repondre Q votre réponse
cmd-answer-summary = répondre à la question de préparation Q (la réponse part en privé à la personne qui l'a posée)
preparation-no-such-question = Je ne trouve pas de question Q{ $id } dans cette cohorte. Les numéros sont dans la synthèse des questions et dans !preparation N.
preparation-answer-to-member =
    💬 { $from } répond à votre question sur l'atelier { $number } :
    > { $question }
    { $answer }
preparation-answer-sent = { $again ->
    [yes] Réponse à la question Q{ $id } remplacée et envoyée à la personne qui l'a posée.
   *[no] Réponse à la question Q{ $id } envoyée à la personne qui l'a posée.
}
preparation-digest-line = • Q{ $id }{ $named ->
    [yes] {" "}— { $name }
   *[no] {""}
} : { $text }
job-questions-digest =
    {"**"}Questions sur la préparation de l'atelier { $number } « { $title } »** ({ $count })
    { $questions }
    Pour répondre : !repondre Q texte (la réponse part en privé à la personne qui a demandé).
job-preparation-nudge =
    📚 L'atelier { $number } « { $title } » a lieu le { $when }. Où en êtes-vous de la préparation ?
    Répondez !pret { $number } ou !pas-encore { $number }, ou posez une question : !question { $number } votre question.
