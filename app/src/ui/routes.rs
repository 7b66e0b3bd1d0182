//! Every page but the calendar is a lazy route: built with `cargo leptos build
//! --split`, its views are a part of the browser's WASM of their own, loaded when
//! the page is opened, so a visitor downloads the framework and the page they open,
//! not every page. The calendar, the page most people use, is in the main module:
//! split into its many small parts it came to more than it does there (see
//! docs/benchmarks.md).
use crate::accounts::own_data_ui::AccountPage;
use crate::accounts::ui::{LoginPage, SignupPage};
use crate::admin::ui::FailedMailsPage;
use crate::bookings::ui::queue::RequestQueuePage;
use crate::bookings::ui::request::RequestPage;
use crate::bookings::ui::settings::BookingSettingsPage;
use crate::calendar::ui::event::EventPage;
use crate::calendar::ui::my_calendar::MyCalendarPage;
use crate::calendar::ui::programme::ProgrammePage;
use crate::calendar::ui::screen::{EntranceScreen, PrintWeek};
use crate::offers::ui::page::OfferPage;
use crate::offers::ui::{MyOffersPage, OfferQueuePage};
use crate::planner::ui::PlannerPage;
use crate::planner::ui::print::PrintRoomWeek;
use crate::series::ui::editor::SeriesEditorPage;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// A route whose page loads its own data, so the lazy part is its view alone.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(ProgrammeRoute, ProgrammePage);
lazy_page!(EventRoute, EventPage);
lazy_page!(SeriesEditorRoute, SeriesEditorPage);
lazy_page!(MyCalendarRoute, MyCalendarPage);
lazy_page!(EntranceScreenRoute, EntranceScreen);
lazy_page!(PrintWeekRoute, PrintWeek);
lazy_page!(PlannerRoute, PlannerPage);
lazy_page!(PrintRoomWeekRoute, PrintRoomWeek);
lazy_page!(LoginRoute, LoginPage);
lazy_page!(SignupRoute, SignupPage);
lazy_page!(FailedMailsRoute, FailedMailsPage);
lazy_page!(AccountRoute, AccountPage);
lazy_page!(MyOffersRoute, MyOffersPage);
lazy_page!(OfferRoute, OfferPage);
lazy_page!(OfferQueueRoute, OfferQueuePage);
lazy_page!(RequestRoute, RequestPage);
lazy_page!(RequestQueueRoute, RequestQueuePage);
lazy_page!(BookingSettingsRoute, BookingSettingsPage);
