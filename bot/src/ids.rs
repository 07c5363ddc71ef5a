//! Newtypes for every identifier, so a member id is never passed where a cohort id is expected.

use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::Type,
            serde::Serialize, serde::Deserialize,
        )]
        #[sqlx(transparent)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A cohort: one group following one programme.
    CohortId
);
id_type!(
    /// A person within one cohort.
    MemberId
);
id_type!(
    /// An atelier row in the store (not its number within the programme).
    AtelierId
);
id_type!(
    /// A scheduled job.
    JobId
);
id_type!(
    /// A message waiting in (or delivered from) the outbox.
    OutboxId
);

/// The chat platforms compagnon speaks on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    /// The terminal chat used for trying and rehearsing.
    Console,
    /// Matrix, through matrix-sdk.
    Matrix,
    /// Discord, through serenity.
    Discord,
    /// The web space: a signed-in member acting on a page. Its identities are `web:<member id>`
    /// and exist only for the length of one event; nothing is ever delivered to a web room.
    Web,
}

impl Platform {
    /// The prefix used in stored identities and room ids (`matrix:@u:server`).
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Console => "console",
            Platform::Matrix => "matrix",
            Platform::Discord => "discord",
            Platform::Web => "web",
        }
    }

    /// Parses the prefix written by [`Platform::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "console" => Some(Platform::Console),
            "matrix" => Some(Platform::Matrix),
            "discord" => Some(Platform::Discord),
            "web" => Some(Platform::Web),
            _ => None,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A person's account on one platform, e.g. `matrix:@alice:example.org` or `discord:1234`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Identity {
    /// Which platform the account lives on.
    pub platform: Platform,
    /// The platform's own id for the account.
    pub user: String,
}

impl Identity {
    /// An identity on `platform` with the platform's user id.
    pub fn new(platform: Platform, user: impl Into<String>) -> Self {
        Identity {
            platform,
            user: user.into(),
        }
    }

    /// How a person types a mention of this account so that it names it and nobody else:
    /// `<@1234>` on Discord, the full user id elsewhere (`@alice:example.org`, `@Alice`).
    pub fn mention_hint(&self) -> String {
        match self.platform {
            Platform::Discord => format!("<@{}>", self.user),
            _ if self.user.starts_with('@') => self.user.clone(),
            _ => format!("@{}", self.user),
        }
    }

    /// Parses the stored form `platform:user`.
    pub fn parse(s: &str) -> Option<Self> {
        let (p, u) = s.split_once(':')?;
        Some(Identity::new(Platform::parse(p)?, u))
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.platform, self.user)
    }
}

/// A room (channel) on one platform, stored as `platform:room`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoomRef {
    /// Which platform the room lives on.
    pub platform: Platform,
    /// The platform's own id for the room.
    pub room: String,
}

impl RoomRef {
    /// A room on `platform` with the platform's room id.
    pub fn new(platform: Platform, room: impl Into<String>) -> Self {
        RoomRef {
            platform,
            room: room.into(),
        }
    }

    /// Parses the stored form `platform:room`.
    pub fn parse(s: &str) -> Option<Self> {
        let (p, r) = s.split_once(':')?;
        Some(RoomRef::new(Platform::parse(p)?, r))
    }
}

impl fmt::Display for RoomRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.platform, self.room)
    }
}

/// The space of one small group (`!groupes N confirmer`) on one platform: a Matrix room, a
/// Discord private thread, created by the adapter when it first delivers there. Stored as
/// `platform:cohort/atelier/group`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpaceRef {
    /// Which platform.
    pub platform: Platform,
    /// The cohort.
    pub cohort: CohortId,
    /// The atelier's number.
    pub atelier: u32,
    /// The group's number.
    pub group: u32,
}

impl SpaceRef {
    /// Parses the stored form.
    pub fn parse(s: &str) -> Option<Self> {
        let (p, rest) = s.split_once(':')?;
        let mut parts = rest.split('/');
        let space = SpaceRef {
            platform: Platform::parse(p)?,
            cohort: CohortId(parts.next()?.parse().ok()?),
            atelier: parts.next()?.parse().ok()?,
            group: parts.next()?.parse().ok()?,
        };
        parts.next().is_none().then_some(space)
    }
}

impl fmt::Display for SpaceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}/{}/{}",
            self.platform, self.cohort.0, self.atelier, self.group
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_space_round_trips_through_its_stored_form() {
        let s = "discord:7/3/2";
        let space = SpaceRef::parse(s).unwrap();
        assert_eq!(space.group, 2);
        assert_eq!(space.to_string(), s);
        assert!(SpaceRef::parse("discord:7/3").is_none());
        assert!(SpaceRef::parse("discord:7/3/2/1").is_none());
    }

    #[test]
    fn identity_round_trips_through_its_stored_form() {
        for s in ["matrix:@alice:example.org", "discord:1234", "console:Alice"] {
            assert_eq!(Identity::parse(s).unwrap().to_string(), s);
        }
        assert!(Identity::parse("irc:bob").is_none());
        assert!(Identity::parse("nobody").is_none());
    }
}
