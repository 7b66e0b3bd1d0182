//! The moderation queue's benchmark: the demo house with 1,000 offers waiting
//! for the house, from 50 residents.
//!
//!   bench_offers seed DATABASE_URL     adds the residents and their offers
use app::accounts::rules::{DisplayName, Email, Role};
use app::calendar::query::Audience;
use app::db::Db;
use app::offers::rules::OfferDraft;

const RESIDENTS: usize = 50;
const OFFERS: usize = 1_000;

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["seed", url] => seed(url).await,
        _ => Err("usage: bench_offers seed DATABASE_URL".into()),
    }
}

async fn seed(url: &str) -> Result<(), String> {
    let db = Db::connect(url).await.map_err(|e| e.to_string())?;
    let fail = |e: app::db::StoreError| e.to_string();
    let category = db.categories().await.map_err(fail)?[0].category_id;
    let mut residents = Vec::new();
    for i in 0..RESIDENTS {
        let email =
            Email::parse(&format!("anbieterin{i}@example.org")).map_err(|m| format!("{m:?}"))?;
        let name = DisplayName::parse(&format!("Anbieterin {i}")).map_err(|m| format!("{m:?}"))?;
        residents.push(
            db.create_account(&email, &name, "not-a-real-hash", &[Role::Resident])
                .await
                .map_err(fail)?,
        );
    }
    for n in 0..OFFERS {
        let draft = OfferDraft {
            title: format!("Angebot {n}: Nähcafé für Anfängerinnen und Anfänger"),
            description: "Wir **nähen** gemeinsam. Maschinen sind da.".to_owned(),
            category_id: category,
            group_id: None,
            audience: vec![Audience::Everyone],
            languages: vec!["de".to_owned()],
            frequency: "jeden Dienstag".to_owned(),
            preferred_times: "abends".to_owned(),
            expected_participants: Some(12),
            needs_features: vec!["step_free".to_owned()],
            volunteers_needed: n % 3 == 0,
            contact: String::new(),
        };
        db.save_offer(
            residents[n % RESIDENTS],
            None,
            &draft,
            true,
            "http://localhost",
        )
        .await
        .map_err(fail)?;
    }
    println!("{OFFERS}");
    Ok(())
}
