//! Who may do what. The server asks these before every write; the UI asks them
//! only to decide what to show.
use crate::accounts::rules::Role;

fn has(roles: &[Role], wanted: Role) -> bool {
    roles.contains(&wanted)
}

/// Organisers and admins plan the house's programme.
pub fn can_create_event(roles: &[Role]) -> bool {
    has(roles, Role::Organiser) || has(roles, Role::Admin)
}

/// Organisers and admins answer the offers and room requests people send.
pub fn can_moderate(roles: &[Role]) -> bool {
    has(roles, Role::Organiser) || has(roles, Role::Admin)
}

/// Admins run the house: its settings and the mail that could not be delivered.
pub fn can_administer(roles: &[Role]) -> bool {
    has(roles, Role::Admin)
}

/// Who may change, cancel or restore the dates of a series: admins any series;
/// organisers the house's own (those of no group) and those of the groups they
/// belong to, so that one group's organiser cannot rearrange another's programme.
/// `member_of_group` says whether the account belongs to the series' group.
pub fn can_change_series(roles: &[Role], group_id: Option<i64>, member_of_group: bool) -> bool {
    has(roles, Role::Admin)
        || (has(roles, Role::Organiser) && (group_id.is_none() || member_of_group))
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

    #[test]
    fn only_organisers_and_admins_moderate() {
        assert!(can_moderate(&[Role::Organiser]));
        assert!(can_moderate(&[Role::Admin]));
        assert!(!can_moderate(&[Role::Resident, Role::Volunteer]));
        assert!(!can_moderate(&[]));
    }

    #[test]
    fn only_admins_administer() {
        assert!(can_administer(&[Role::Admin]));
        assert!(can_administer(&[Role::Resident, Role::Admin]));
        assert!(!can_administer(&[Role::Organiser]));
        assert!(!can_administer(&[Role::Resident, Role::Volunteer]));
        assert!(!can_administer(&[]));
    }

    #[test]
    fn organisers_change_the_house_s_series_and_their_groups_admins_any() {
        let organiser = [Role::Organiser];
        assert!(
            can_change_series(&organiser, None, false),
            "the house's own"
        );
        assert!(
            can_change_series(&organiser, Some(3), true),
            "their group's"
        );
        assert!(
            !can_change_series(&organiser, Some(3), false),
            "another group's"
        );
        let admin = [Role::Admin];
        assert!(can_change_series(&admin, Some(3), false));
        assert!(can_change_series(&admin, None, false));
        assert!(can_change_series(
            &[Role::Admin, Role::Organiser],
            Some(3),
            false
        ));
    }

    #[test]
    fn belonging_to_a_group_alone_gives_no_right_to_plan() {
        for roles in [&[Role::Resident][..], &[Role::Volunteer], &[]] {
            assert!(!can_change_series(roles, Some(3), true), "{roles:?}");
            assert!(!can_change_series(roles, None, false), "{roles:?}");
        }
    }
}
