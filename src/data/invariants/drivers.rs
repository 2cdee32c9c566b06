//! Who drives: a run still to come is given only to someone who holds the driver role and whose
//! licence and DBS check are in date that day (the rule the board applies when a driver is
//! chosen, `fleet::documents::may_drive`), and nobody drives two runs at once. Choosing the
//! driver checks all of this, but a re-plan can move a run's times and documents can change
//! afterwards.

use chrono::NaiveDate;

use super::capital;
use super::snapshot::{Run, Snapshot};
use crate::fleet::documents::may_drive;

pub fn check(world: &Snapshot, today: NaiveDate) -> Vec<String> {
    let to_come: Vec<&Run> = world.runs.values().filter(|r| r.date >= today).collect();
    let mut broken = Vec::new();
    for run in &to_come {
        let Some(driver) = run.driver else {
            continue;
        };
        let Some(record) = world.drivers.get(&driver) else {
            continue;
        };
        if !record.is_driver {
            broken.push(format!(
                "{} is given to person {driver}, who does not have the driver role.",
                capital(&run.words())
            ));
        } else if let Err(why) = may_drive(record.documents, run.date) {
            broken.push(format!(
                "{} is given to driver {driver}, who may not drive that day: {why}",
                capital(&run.words())
            ));
        }
    }
    for (i, first) in to_come.iter().enumerate() {
        for second in &to_come[i + 1..] {
            let same_driver = first.driver.is_some() && first.driver == second.driver;
            let overlap = first.date == second.date
                && first.departs < second.arrives
                && second.departs < first.arrives;
            if same_driver && overlap {
                broken.push(format!(
                    "Driver {} is given {} and {} at the same time.",
                    first.driver.map(|d| d.0).unwrap_or_default(),
                    first.words(),
                    second.words()
                ));
            }
        }
    }
    broken
}
