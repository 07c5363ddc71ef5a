use std::time::Duration;

use discord_fake::CommandOption;
use serenity::all::{
    ActionRowComponent, ComponentInteractionDataKind, CreateActionRow, CreateAutocompleteResponse,
    CreateButton, CreateInputText, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, CreateModal, CreateSelectMenu,
    CreateSelectMenuKind, CreateSelectMenuOption, EditInteractionResponse, HttpError,
    InputTextStyle, Interaction, UserId,
};

use crate::harness::*;

fn discord_code(e: &serenity::Error) -> Option<isize> {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => Some(r.error.code),
        _ => None,
    }
}

#[tokio::test]
async fn slash_command_then_button_then_modal() {
    let mut h = Harness::start().await;
    h.connected().await;
    let options = vec![
        CommandOption::string("atelier", "Atelier 1"),
        CommandOption::user("binome", BOB),
    ];
    let cmd = h
        .fake
        .slash_command(GENERAL, ALICE, "inscription", options, Some("en-US"));
    let (ctx, interaction) = h.next_interaction().await;
    let Interaction::Command(command) = interaction else {
        panic!("expected a command")
    };
    assert_eq!(command.locale, "en-US");
    assert_eq!(command.guild_locale.as_deref(), Some("fr"));
    assert_eq!(command.data.name, "inscription");
    assert_eq!(command.data.options[0].value.as_str(), Some("Atelier 1"));
    assert!(command.data.resolved.users.contains_key(&UserId::new(BOB)));
    assert_eq!(command.user.id.get(), ALICE);
    assert!(command.member.is_some());

    let buttons = CreateActionRow::Buttons(vec![CreateButton::new("confirm").label("Confirmer")]);
    let answer = CreateInteractionResponseMessage::new()
        .content("Confirme ton inscription")
        .ephemeral(true)
        .components(vec![buttons]);
    command
        .create_response(&ctx, CreateInteractionResponse::Message(answer))
        .await
        .expect("respond");
    let call = h
        .fake
        .wait_for_call(|c| cmd.is_callback(c), WAIT)
        .await
        .unwrap();
    assert_eq!(call.body.as_ref().unwrap()["type"], 4);
    assert_eq!(call.body.as_ref().unwrap()["data"]["flags"], 64);
    let again = command
        .create_response(&ctx, CreateInteractionResponse::Acknowledge)
        .await;
    assert_eq!(discord_code(&again.unwrap_err()), Some(40060));

    let original = command.get_response(&ctx).await.expect("GET @original");
    assert_eq!(original.content, "Confirme ton inscription");
    let click = h.fake.button_click(original.id.get(), "confirm", ALICE);
    let (ctx, interaction) = h.next_interaction().await;
    let Interaction::Component(component) = interaction else {
        panic!("expected a click")
    };
    assert_eq!(component.data.custom_id, "confirm");
    assert!(matches!(
        component.data.kind,
        ComponentInteractionDataKind::Button
    ));
    let modal = CreateModal::new("avis", "Ton avis").components(vec![CreateActionRow::InputText(
        CreateInputText::new(InputTextStyle::Paragraph, "Avis", "texte"),
    )]);
    component
        .create_response(&ctx, CreateInteractionResponse::Modal(modal))
        .await
        .expect("open modal");
    let call = h
        .fake
        .wait_for_call(|c| click.is_callback(c), WAIT)
        .await
        .unwrap();
    assert_eq!(call.body.as_ref().unwrap()["type"], 9);

    let submit = h
        .fake
        .modal_submit("avis", &[("texte", "Très bien")], ALICE);
    let (ctx, interaction) = h.next_interaction().await;
    let Interaction::Modal(modal) = interaction else {
        panic!("expected a modal submit")
    };
    let ActionRowComponent::InputText(text) = &modal.data.components[0].components[0] else {
        panic!("expected a text input")
    };
    assert_eq!(text.value.as_deref(), Some("Très bien"));
    modal.defer_ephemeral(&ctx).await.expect("defer");
    modal
        .edit_response(&ctx, EditInteractionResponse::new().content("Merci !"))
        .await
        .expect("edit @original");
    modal
        .create_followup(
            &ctx,
            CreateInteractionResponseFollowup::new().content("À jeudi"),
        )
        .await
        .expect("follow-up");
    let calls: Vec<_> = h
        .fake
        .rest_calls()
        .into_iter()
        .filter(|c| submit.is_callback(c) || submit.is_webhook(c))
        .collect();
    assert_eq!(calls[0].body.as_ref().unwrap()["type"], 5);
    assert_eq!(calls[1].method, "PATCH");
    assert!(calls[1].path.ends_with("/messages/@original"));
    assert_eq!(calls[1].body_str("/content"), Some("Merci !"));
    assert_eq!(calls[2].method, "POST");
    h.finish().await;
}

#[tokio::test]
async fn select_menu_and_autocomplete() {
    let mut h = Harness::start().await;
    let ctx = h.connected().await;
    let menu = CreateSelectMenu::new(
        "creneau",
        CreateSelectMenuKind::String {
            options: vec![
                CreateSelectMenuOption::new("Mardi", "mardi"),
                CreateSelectMenuOption::new("Jeudi", "jeudi"),
            ],
        },
    );
    let msg = serenity::all::ChannelId::new(GENERAL)
        .send_message(
            &ctx,
            CreateMessage::new()
                .content("Ton créneau ?")
                .select_menu(menu),
        )
        .await
        .expect("send menu");
    let pick = h
        .fake
        .select_menu(msg.id.get(), "creneau", &["jeudi"], ALICE);
    let (ctx, interaction) = h.next_interaction().await;
    let Interaction::Component(component) = interaction else {
        panic!("expected a select")
    };
    let ComponentInteractionDataKind::StringSelect { values } = &component.data.kind else {
        panic!("expected a string select")
    };
    assert_eq!(values, &["jeudi".to_owned()]);
    let update = CreateInteractionResponseMessage::new().content("Jeudi noté");
    component
        .create_response(&ctx, CreateInteractionResponse::UpdateMessage(update))
        .await
        .expect("update");
    h.fake
        .wait_for_call(|c| pick.is_callback(c), WAIT)
        .await
        .unwrap();
    assert_eq!(
        h.fake.message(msg.id.get()).unwrap()["content"],
        "Jeudi noté"
    );

    let typed = vec![CommandOption::string("atelier", "Ate").focused()];
    let auto = h.fake.autocomplete(GENERAL, ALICE, "inscription", typed);
    let (ctx, interaction) = h.next_interaction().await;
    let Interaction::Autocomplete(a) = interaction else {
        panic!("expected autocomplete")
    };
    assert_eq!(a.data.autocomplete().map(|f| f.value), Some("Ate"));
    let choices = CreateAutocompleteResponse::new().add_string_choice("Atelier 1", "a1");
    a.create_response(&ctx, CreateInteractionResponse::Autocomplete(choices))
        .await
        .expect("choices");
    let call = h
        .fake
        .wait_for_call(|c| auto.is_callback(c), WAIT)
        .await
        .unwrap();
    assert_eq!(call.body.as_ref().unwrap()["type"], 8);
    h.finish().await;
}

#[tokio::test]
async fn a_late_first_response_is_an_unknown_interaction() {
    let scenario = scenario().interaction_deadline(Duration::from_millis(100));
    let mut h = Harness::start_with(scenario, intents()).await;
    h.connected().await;
    h.fake
        .slash_command(GENERAL, ALICE, "inscription", vec![], None);
    let (ctx, interaction) = h.next_interaction().await;
    let Interaction::Command(command) = interaction else {
        panic!("expected a command")
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let late = command
        .create_response(&ctx, CreateInteractionResponse::Acknowledge)
        .await;
    assert_eq!(discord_code(&late.unwrap_err()), Some(10062));
    h.finish().await;
}
