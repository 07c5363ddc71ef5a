use discord_fake::FakeDiscord;
use serenity::all::ClientBuilder;

use crate::harness::*;

struct Data;
type Error = Box<dyn std::error::Error + Send + Sync>;

/// Replies pong.
#[poise::command(slash_command)]
async fn ping(ctx: poise::Context<'_, Data, Error>) -> Result<(), Error> {
    ctx.say("pong").await?;
    Ok(())
}

#[tokio::test]
async fn poise_registers_its_commands_and_answers_one() {
    let fake = FakeDiscord::start(scenario()).await;
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: vec![ping()],
            ..Default::default()
        })
        .setup(|ctx, _ready, framework| {
            Box::pin(async move {
                poise::builtins::register_globally(ctx, &framework.options().commands).await?;
                Ok(Data)
            })
        })
        .build();
    let (guard, unknown) = discord_fake::unknown_event_guard();
    let mut client = ClientBuilder::new_with_http(fake.http("fake.bot.token"), intents())
        .framework(framework)
        .raw_event_handler(guard)
        .await
        .expect("build client");
    let shards = client.shard_manager.clone();
    let task = tokio::spawn(async move { client.start().await });

    let path = format!("/applications/{APP}/commands");
    let put = fake
        .wait_for_call(|c| c.is("PUT", &path), WAIT)
        .await
        .expect("registration");
    assert_eq!(put.body.unwrap()[0]["name"], "ping");
    assert_eq!(fake.commands(None)[0]["name"], "ping");
    assert!(
        fake.rest_calls()
            .iter()
            .any(|c| c.is("GET", "/oauth2/applications/@me"))
    );

    let ping = fake.slash_command(GENERAL, ALICE, "ping", vec![], None);
    let answer = fake
        .wait_for_call(|c| ping.is_callback(c), WAIT)
        .await
        .expect("poise answers");
    assert_eq!(answer.body_str("/data/content"), Some("pong"));

    shards.shutdown_all().await;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), task).await;
    assert!(unknown.lock().unwrap().is_empty());
    assert!(
        fake.invalid_dispatches().is_empty(),
        "{:#?}",
        fake.invalid_dispatches()
    );
    assert!(
        fake.unknown_routes().is_empty(),
        "{:#?}",
        fake.unknown_routes()
    );
    fake.shutdown().await;
}
