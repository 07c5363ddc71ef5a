//! The plan: every automated message a programme produces, in time order.

/// One automated message the scheduler will send.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedMessage;

/// Every message `programme` produces, in chronological order.
pub fn plan(_programme: &crate::programme::Programme) -> Vec<PlannedMessage> {
    Vec::new()
}
