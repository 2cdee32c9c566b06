//! The driver's ticks on the coordinator's board: each seat shows its passenger's mark, and the
//! coordinator can correct it ("she did come, the driver missed her") or clear it. A correction
//! is dated when it is made, so a tick still waiting on the driver's phone from before it does
//! not undo it; the driver's list says which marks were corrected.

use leptos::prelude::*;

use super::allocate::BookingId;
use super::board::BoardSeat;
use super::pickup_list::Mark;
use super::runs_api::CorrectMark;
use super::RunId;

/// "Boarded", "Not here (corrected)": the mark as the board shows it, if any.
pub fn mark_words(seat: &BoardSeat) -> Option<String> {
    let words = seat.mark?.words();
    Some(if seat.corrected {
        format!("{words} (corrected)")
    } else {
        words.to_string()
    })
}

/// "Mark as [Boarded | Not here | No mark] [Save mark]" for a passenger on a published run.
#[component]
pub fn MarkCorrection(
    run: RunId,
    booking: BookingId,
    mark: Option<Mark>,
    action: ServerAction<CorrectMark>,
) -> impl IntoView {
    let id = format!("mark-{run}-{booking}");
    let option = move |value: &'static str, words: &'static str, this: Option<Mark>| {
        view! { <option value=value selected=mark == this>{words}</option> }
    };
    view! {
        <ActionForm action attr:class="form inline-form mark-form">
            <input type="hidden" name="run" value=run.to_string() />
            <input type="hidden" name="booking" value=booking.to_string() />
            <label for=id.clone()>"Mark"</label>
            <select id=id name="mark">
                {option("", "No mark", None)}
                {option("boarded", "Boarded", Some(Mark::Boarded))}
                {option("not_here", "Not here", Some(Mark::NotHere))}
            </select>
            <button class="button" type="submit">"Save mark"</button>
        </ActionForm>
    }
}
