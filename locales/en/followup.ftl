# Facilitators' follow-up of participants.

cmd-followup-usage = !progress [@member]
cmd-followup-summary = where each participant stands (preparation, attendance, deliverables, evaluations, questions), those in difficulty first; with @member, one person's whole path

followup-header = {"**"}Follow-up — { $title }** ({ $count } participants, who needs attention first)
followup-nobody = No participant yet.
followup-line = { $attention ->
    [0] 🟢
   *[other] { $missing ->
        [0] 🟠
       *[other] 🔴
    }
} { $name } — preparation: { $ready } ready, { $not_yet } not yet, { $silent } no answer · attendance: { $present }/{ $sessions }{ $absent ->
    [0] {""}
   *[other] {" "}({ $absent } absent or unconfirmed)
}{ $excused ->
    [0] {""}
   *[other] {" "}({ $excused } excused)
} · deliverables: { $on_time } on time, { $late } late, { $missing } missing, { $to_review } to review · evaluations: { $named ->
    [yes] { $answered }/{ $opened }
   *[no] anonymous
} · open questions: { $questions }
followup-digest =
    📋 Your weekly digest.
    { $report }
    One person's path: !progress @member
followup-path-header = {"**"}Path of { $name }** ({ $role })
followup-path-atelier = Session { $number } “{ $title }” — { $when }
followup-path-preparation = {"  "}Preparation: { $state ->
    [ready] ready
    [not-yet] not ready yet
   *[none] no answer
}
followup-path-presence = {"  "}Attendance: { $sessions }
followup-path-session = part { $session } { $presence ->
    [present] present{ $mode ->
        [on-site] {" "}(on site)
        [remote] {" "}(remote)
       *[none] {""}
    }
    [absent] absent
    [excused] excused
   *[none] not confirmed
}
followup-path-deliverable = {"  "}Deliverable: version { $version }, { $timeliness }, { $status }
followup-path-not-handed-in = {"  "}Deliverable: not handed in
followup-path-no-deliverable = {"  "}No deliverable for this session
followup-path-questions = {"  "}Questions: { $count } ({ $answered } answered)
followup-path-to-come = {"  "}(to come)
