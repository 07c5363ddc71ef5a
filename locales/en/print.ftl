# Printable documents: attendance sheets and completion certificates.

print-sheet-title = Attendance sheet
print-sheet-empty = No session to sign for.
print-sheet-atelier = Session { $number } “{ $title }” — part { $session } of { $sessions }
print-sheet-when = On { $start }, until { $end }
print-sheet-place = Place: { $place }
print-col-name = Participant
print-col-presence = Presence
print-col-mode = How
print-col-confirmed = Confirmed on
print-col-by = By
print-col-signature = Signature
print-sheet-total = Present: { $present } of { $expected }
print-sheet-facilitator = Facilitator's name and signature:
print-presence = { $presence ->
    [present] present
    [absent] absent
    [excused] excused
   *[unconfirmed] not confirmed
}
print-mode = { $mode ->
    [on-site] on site
    [remote] remote
   *[none] {""}
}
print-by-self = themselves
print-duration = { $minutes ->
    [0] { $hours } h
   *[other] { $hours } h { $minutes }
}
print-date = { $day }
print-cert-title = Certificate of completion
print-cert-body =
    I, the undersigned, representing { $organisation }, certify that { $participant } followed the training “{ $cohort }”, held from { $first } to { $last }, for { $attended } attended of { $planned } planned.
print-cert-ateliers = Sessions attended
print-col-number = No.
print-col-atelier = Session
print-col-day = Date
print-col-attended = Time attended
print-cert-attended = { $attended } / { $planned }
print-cert-deliverables = Deliverables handed in: { $handed } of { $expected }.
print-cert-issued = Issued on { $day }.
print-cert-signature = Signature and stamp of the organisation:
