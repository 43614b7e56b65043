//! Searching as you type off the UI thread, for corpora large enough that a search could
//! cost a frame: at most one pending request, a newer one replacing it (latest wins), and
//! results handed back to the event loop as [`Action::Searched`].

use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;

use crate::index::Engine;

use super::Input;
use super::action::Action;
use super::app::{LIVE_RESULTS, SearchRequest};

pub struct SearchWorker {
    pending: Arc<(Mutex<Option<SearchRequest>>, Condvar)>,
}

impl SearchWorker {
    pub(super) fn spawn(engine: Arc<Engine>, tx: Sender<Input>) -> Self {
        let pending = Arc::new((Mutex::new(None::<SearchRequest>), Condvar::new()));
        let shared = Arc::clone(&pending);
        thread::spawn(move || {
            loop {
                let request = {
                    let (slot, ready) = &*shared;
                    // A poisoned lock only means a panic elsewhere; the slot is still usable.
                    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
                    loop {
                        if let Some(request) = slot.take() {
                            break request;
                        }
                        slot = ready.wait(slot).unwrap_or_else(PoisonError::into_inner);
                    }
                };
                let hits = engine
                    .search(&request.text, LIVE_RESULTS, true)
                    .map_err(|e| e.to_string());
                let done = Action::Searched {
                    generation: request.generation,
                    hits,
                };
                if tx.send(Input::Searched(done)).is_err() {
                    return;
                }
            }
        });
        SearchWorker { pending }
    }

    /// Asks for a search, replacing any not yet started.
    pub fn request(&self, request: SearchRequest) {
        let (slot, ready) = &*self.pending;
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(request);
        ready.notify_one();
    }
}
