use serenity::all::{ChannelId, Permissions, RoleId, UserId};

use crate::harness::*;

#[tokio::test]
async fn serenity_connects_and_caches_the_guild() {
    let mut h = Harness::start().await;
    let ready = match h.next(|s| matches!(s, Seen::Ready(..))).await {
        Seen::Ready(_, r) => r,
        _ => unreachable!(),
    };
    assert_eq!(ready.user.id.get(), BOT);
    assert_eq!(ready.application.id.get(), APP);
    assert_eq!(ready.guilds.len(), 1);

    let (ctx, guild) = match h.next(|s| matches!(s, Seen::Guild(..))).await {
        Seen::Guild(ctx, g) => (ctx, g),
        _ => unreachable!(),
    };
    assert_eq!(guild.name, "Cohorte 2025");
    assert_eq!(guild.channels[&ChannelId::new(GENERAL)].name, "général");
    let staff = &guild.channels[&ChannelId::new(STAFF)];
    assert_eq!(staff.permission_overwrites.len(), 2);
    let facilitator = &guild.roles[&RoleId::new(FACILITATOR)];
    assert_eq!(facilitator.name, "Facilitateur");
    assert!(facilitator.permissions.contains(Permissions::MANAGE_EVENTS));
    assert!(guild.members.contains_key(&UserId::new(BOT)));
    assert_eq!(guild.members[&UserId::new(ALICE)].user.name, "alice");

    // Permissions computed by serenity from the fake's roles and overwrites.
    let bot = &guild.members[&UserId::new(BOT)];
    assert!(
        guild
            .user_permissions_in(&guild.channels[&ChannelId::new(GENERAL)], bot)
            .contains(Permissions::SEND_MESSAGES)
    );
    let alice = &guild.members[&UserId::new(ALICE)];
    assert!(
        !guild
            .user_permissions_in(staff, alice)
            .contains(Permissions::VIEW_CHANNEL)
    );
    let claire = &guild.members[&UserId::new(CLAIRE)];
    assert!(
        guild
            .user_permissions_in(staff, claire)
            .contains(Permissions::VIEW_CHANNEL)
    );

    // The cache holds it too, which is what `send_message`'s permission check reads.
    assert!(ctx.cache.guild(GUILD).is_some());
    assert!(h.fake.rest_calls().iter().any(|c| c.is("GET", "/gateway")));
    let identify = h
        .fake
        .gateway_frames()
        .into_iter()
        .find(|f| f.from_bot && f.op == 2)
        .unwrap();
    assert_eq!(identify.d["token"], "Bot fake.bot.token");
    h.finish().await;
}
