//! Searching as you type off the UI thread, for corpora large enough that a search could
//! cost a frame: at most one pending request, a newer one replacing it (latest wins), and
//! results handed back to the event loop as [`Action::Searched`].

use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;

use curbside_core::index::Engine;

use super::action::Action;
use super::input::LoopEvent;
use super::search::{LIVE_RESULTS, SearchRequest};

/// A search waiting for the worker, with the engine to run it on (the screen switches
/// engines when another process installs a new index).
type Pending = Option<(Arc<Engine>, SearchRequest)>;

pub struct SearchWorker {
    pending: Arc<(Mutex<Pending>, Condvar)>,
}

impl SearchWorker {
    pub(super) fn spawn(tx: Sender<LoopEvent>) -> Self {
        let pending = Arc::new((Mutex::new(None::<(Arc<Engine>, SearchRequest)>), Condvar::new()));
        let shared = Arc::clone(&pending);
        thread::spawn(move || {
            loop {
                let (engine, request) = {
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
                if tx.send(LoopEvent::Searched(done)).is_err() {
                    return;
                }
            }
        });
        SearchWorker { pending }
    }

    /// Asks for a search on `engine`, replacing any not yet started.
    pub fn request(&self, engine: Arc<Engine>, request: SearchRequest) {
        let (slot, ready) = &*self.pending;
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some((engine, request));
        ready.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn the_latest_request_is_answered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
        // The fixtures are checked in and valid; a failure here is a broken checkout.
        let corpus = curbside_core::corpus::load_dir(&dir, "builtin").expect("fixture corpus loads");
        let engine = Engine::in_ram(&corpus.articles).expect("fixture index builds");
        let (tx, rx) = mpsc::channel();
        let engine = Arc::new(engine);
        let worker = SearchWorker::spawn(tx);
        for (generation, text) in [(1, "clonus"), (2, "spasticity"), (3, "serotonin")] {
            worker.request(
                Arc::clone(&engine),
                SearchRequest {
                    generation,
                    text: text.to_string(),
                },
            );
        }
        loop {
            let Ok(LoopEvent::Searched(Action::Searched { generation, hits })) =
                rx.recv_timeout(Duration::from_secs(30))
            else {
                panic!("the worker answered nothing");
            };
            if generation == 3 {
                let hits = hits.unwrap_or_default();
                assert_eq!(hits.first().map(|h| h.id.as_str()), Some("fx-serotonin-syndrome"));
                break;
            }
        }
    }
}
