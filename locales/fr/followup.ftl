# Suivi des participant·es pour les animateur·rices.

cmd-followup-usage = !suivi [@membre]
cmd-followup-summary = où en est chaque participant·e (préparation, présence, livrables, évaluations, questions), les plus en difficulté d'abord ; avec @membre, le parcours complet d'une personne

followup-header = {"**"}Suivi — { $title }** ({ $count } participant·es, qui a besoin d'attention d'abord)
followup-nobody = Aucun·e participant·e pour l'instant.
followup-line = { $attention ->
    [0] 🟢
   *[other] { $missing ->
        [0] 🟠
       *[other] 🔴
    }
} { $name } — préparation : { $ready } prêt·e, { $not_yet } pas encore, { $silent } sans réponse · présence : { $present }/{ $sessions }{ $absent ->
    [0] {""}
   *[other] {" "}({ $absent } absence(s) ou sans confirmation)
}{ $excused ->
    [0] {""}
   *[other] {" "}({ $excused } excusée(s))
} · livrables : { $on_time } à l'heure, { $late } en retard, { $missing } manquant(s), { $to_review } à relire · évaluations : { $named ->
    [yes] { $answered }/{ $opened }
   *[no] anonymes
} · questions ouvertes : { $questions }
followup-digest =
    📋 Votre synthèse de la semaine.
    { $report }
    Le parcours d'une personne : !suivi @membre
followup-path-header = {"**"}Parcours de { $name }** ({ $role })
followup-path-atelier = Atelier { $number } « { $title } » — { $when }
followup-path-preparation = {"  "}Préparation : { $state ->
    [ready] prêt·e
    [not-yet] pas encore prêt·e
   *[none] pas de réponse
}
followup-path-presence = {"  "}Présence : { $sessions }
followup-path-session = session { $session } { $presence ->
    [present] présent·e{ $mode ->
        [on-site] {" "}(sur place)
        [remote] {" "}(à distance)
       *[none] {""}
    }
    [absent] absent·e
    [excused] excusé·e
   *[none] non confirmée
}
followup-path-deliverable = {"  "}Livrable : version { $version }, { $timeliness }, { $status }
followup-path-not-handed-in = {"  "}Livrable : pas rendu
followup-path-no-deliverable = {"  "}Pas de livrable pour cet atelier
followup-path-questions = {"  "}Questions : { $count } ({ $answered } répondue(s))
followup-path-to-come = {"  "}(à venir)
