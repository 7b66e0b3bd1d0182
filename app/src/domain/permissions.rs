//! Who may do what. The server asks these before every write; the UI asks them
//! only to decide what to show.
use super::accounts::Role;

fn has(roles: &[Role], wanted: Role) -> bool {
    roles.contains(&wanted)
}

/// Organisers and admins plan the house's programme.
pub fn can_create_event(roles: &[Role]) -> bool {
    has(roles, Role::Organiser) || has(roles, Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_organisers_and_admins_create_events() {
        assert!(can_create_event(&[Role::Organiser]));
        assert!(can_create_event(&[Role::Resident, Role::Admin]));
        assert!(!can_create_event(&[Role::Resident]));
        assert!(!can_create_event(&[Role::Volunteer]));
        assert!(!can_create_event(&[]));
    }
}
