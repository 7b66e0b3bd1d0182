//! Who may see a series, and how much of it the public sees.

/// Who may see a series at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Visibility {
    Public,
    /// Only organisers see it (meetings, set-up).
    Internal,
    /// A resident's room booking: publicly only "occupied".
    Private,
}

impl Visibility {
    pub fn code(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
            Visibility::Private => "private",
        }
    }

    pub fn from_code(code: &str) -> Self {
        match code {
            "public" => Visibility::Public,
            "private" => Visibility::Private,
            _ => Visibility::Internal,
        }
    }
}

/// How much of an event the public sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Exposure {
    /// Everything.
    Full,
    /// A counselling offer: a neutral label, time and room; never names or topics.
    Counselling,
    /// A private booking: the room is occupied, nothing more.
    Occupied,
}

impl Exposure {
    /// `None` when the public must not see the series at all.
    pub fn of(visibility: Visibility, counselling: bool) -> Option<Self> {
        match (visibility, counselling) {
            (Visibility::Internal, _) => None,
            (Visibility::Private, _) => Some(Exposure::Occupied),
            (Visibility::Public, true) => Some(Exposure::Counselling),
            (Visibility::Public, false) => Some(Exposure::Full),
        }
    }
}
