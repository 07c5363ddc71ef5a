use serenity::all::{ChannelId, CreateMessage, HttpError, UserId};

use crate::harness::*;

fn discord_code(e: &serenity::Error) -> Option<(u16, isize)> {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => {
            Some((r.status_code.as_u16(), r.error.code))
        }
        _ => None,
    }
}

#[tokio::test]
async fn a_500_reaches_the_sender_and_the_next_send_works() {
    let mut h = Harness::start().await;
    let ctx = h.connected().await;
    h.fake.fail_next_message_send(500);
    let err = ChannelId::new(GENERAL)
        .say(&ctx, "perdu ?")
        .await
        .unwrap_err();
    assert_eq!(discord_code(&err).map(|c| c.0), Some(500));
    ChannelId::new(GENERAL)
        .say(&ctx, "retry")
        .await
        .expect("second attempt");
    assert_eq!(h.fake.messages_in(GENERAL).len(), 1);
    h.finish().await;
}

#[tokio::test]
async fn a_dm_to_a_closed_inbox_fails_with_50007() {
    let mut h = Harness::start().await;
    let ctx = h.connected().await;
    let err = UserId::new(BOB)
        .direct_message(&ctx, CreateMessage::new().content("Rappel"))
        .await
        .unwrap_err();
    assert_eq!(discord_code(&err), Some((403, 50007)));
    let ok = UserId::new(ALICE)
        .direct_message(&ctx, CreateMessage::new().content("Rappel"))
        .await
        .expect("open DMs");
    assert_eq!(ok.channel_id.get(), h.fake.dm_channel(ALICE));
    h.finish().await;
}

#[tokio::test]
async fn reconnect_resumes_and_invalid_session_reidentifies() {
    let mut h = Harness::start().await;
    h.connected().await;
    assert!(h.fake.wait_for_session(1, WAIT).await);

    h.fake.send_reconnect();
    // Injected before the bot is back: delivered after RESUMED, nothing lost.
    h.fake
        .send_message(GENERAL, ALICE, "pendant la reconnexion", vec![]);
    let resume = h
        .fake
        .wait_for_frame(|f| f.from_bot && f.op == 6, WAIT)
        .await
        .expect("RESUME");
    assert_eq!(resume.d["session_id"], "fake-session-1");
    h.next(|s| matches!(s, Seen::Resumed)).await;
    let (_, msg) = h.next_message().await;
    assert_eq!(msg.content, "pendant la reconnexion");

    h.fake.send_invalid_session(false);
    let identifies = |f: &discord_fake::GatewayFrame| f.from_bot && f.op == 2;
    let again = std::time::Duration::from_secs(20);
    assert!(
        h.fake
            .wait_for_nth_frame(identifies, 2, again)
            .await
            .is_some(),
        "identify again"
    );
    h.next(|s| matches!(s, Seen::Ready(..))).await;
    h.fake.send_message(GENERAL, ALICE, "après", vec![]);
    let (_, msg) = h.next_message().await;
    assert_eq!(msg.content, "après");
    h.finish().await;
}

#[tokio::test]
async fn missing_heartbeat_acks_restart_the_shard() {
    let mut h = Harness::start().await;
    h.connected().await;
    h.fake.stop_acking_heartbeats();
    let identifies = |f: &discord_fake::GatewayFrame| f.from_bot && f.op == 2;
    let again = std::time::Duration::from_secs(20);
    assert!(
        h.fake
            .wait_for_nth_frame(identifies, 2, again)
            .await
            .is_some()
    );
    h.fake.send_message(GENERAL, ALICE, "toujours là ?", vec![]);
    let (_, msg) = h.next_message().await;
    assert_eq!(msg.content, "toujours là ?");
    h.finish().await;
}
