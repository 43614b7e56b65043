//! Faults and bad input the program survives: hostile archives, oversized or malformed
//! article files, an import killed mid-way, an index removed while in use, two copies
//! at once. Each case is listed in RELIABILITY.md.

use crate::support;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::support::{curbside, fixtures};
use serde_json::Value;

fn json(output: &std::process::Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn zip_with(path: &Path, entries: &[(&str, Vec<u8>)], method: zip::CompressionMethod) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn fixture_xml(relative: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("medquad").join(relative)).unwrap()
}

#[test]
fn a_zip_bomb_entry_is_refused_and_the_rest_imports() {
    let home = tempfile::tempdir().unwrap();
    let archive = home.path().join("bomb.zip");
    // 40 MiB of one byte deflates to a few dozen KiB.
    let mut bomb = b"<Document id=\"9\" source=\"GHR\" url=\"\"><Focus>".to_vec();
    bomb.extend(std::iter::repeat_n(b'a', 40 * 1024 * 1024));
    zip_with(
        &archive,
        &[
            ("MedQuAD/3_GHR_QA/0000009.xml", bomb),
            (
                "MedQuAD/3_GHR_QA/9100001.xml",
                fixture_xml("3_GHR_QA/9100001.xml"),
            ),
        ],
        zip::CompressionMethod::Deflated,
    );
    assert!(std::fs::metadata(&archive).unwrap().len() < 1024 * 1024);
    let out = curbside(home.path(), &["import", "medquad", archive.to_str().unwrap()]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("0000009.xml: larger than"), "{said}");
    assert!(said.contains("3 question-answer pairs"), "{said}");
}

#[test]
fn a_zip_entry_escaping_its_folder_is_skipped_and_nothing_is_written_outside() {
    let home = tempfile::tempdir().unwrap();
    let archive = home.path().join("escape.zip");
    zip_with(
        &archive,
        &[
            ("../../escaped.xml", fixture_xml("6_NINDS_QA/0000007.xml")),
            (
                "MedQuAD/3_GHR_QA/9100001.xml",
                fixture_xml("3_GHR_QA/9100001.xml"),
            ),
        ],
        zip::CompressionMethod::Stored,
    );
    let out = curbside(home.path(), &["import", "medquad", archive.to_str().unwrap()]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("../../escaped.xml: the entry's path leaves the archive's folder"),
        "{said}"
    );
    assert!(said.contains("3 question-answer pairs"), "{said}");
    assert!(!home.path().join("../escaped.xml").exists());
    assert!(!home.path().join("../../escaped.xml").exists());
}

/// A directory of article files for `check`, with the fixture articles (so links resolve).
fn articles_dir(home: &Path) -> PathBuf {
    let dir = home.join("articles");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(fixtures().join("articles")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    dir
}

#[test]
fn oversized_deeply_nested_and_non_utf8_article_files_are_named_not_fatal() {
    let home = tempfile::tempdir().unwrap();
    let dir = articles_dir(home.path());
    // 100 MB of JSON: refused on its size before it is read.
    let huge = std::fs::File::create(dir.join("huge.json")).unwrap();
    huge.set_len(100 * 1024 * 1024).unwrap();
    std::fs::write(dir.join("nested.json"), "[".repeat(100_000)).unwrap();
    std::fs::write(dir.join("latin1.json"), b"{\"id\": \"caf\xe9\"}").unwrap();
    let out = curbside(home.path(), &["check", dir.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("check prints JSON even for bad files: {}", text(&out)));
    let problems = report["problems"].as_array().unwrap();
    let about = |file: &str| {
        problems
            .iter()
            .filter(|p| p["file"].as_str().is_some_and(|f| f.ends_with(file)))
            .map(|p| p["message"].as_str().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert!(
        about("huge.json").contains("larger than an article may be"),
        "{problems:?}"
    );
    assert!(about("nested.json").contains("recursion limit"), "{problems:?}");
    assert!(about("latin1.json").contains("not UTF-8"), "{problems:?}");
}

/// A MedQuAD-format folder of `documents` generated documents, large enough that an
/// import of it takes a while.
fn big_collection(dir: &Path, documents: usize) -> PathBuf {
    let root = dir.join("medquad-big");
    let folder = root.join("3_GHR_QA");
    std::fs::create_dir_all(&folder).unwrap();
    for d in 0..documents {
        let mut xml = format!(
            "<?xml version=\"1.0\"?>\n<Document id=\"{d:07}\" source=\"GHR\" url=\"https://example.org/{d}\">\
             <Focus>Condition {d}</Focus><QAPairs>"
        );
        for p in 1..=5 {
            xml += &format!(
                "<QAPair pid=\"{p}\"><Question qtype=\"information\">What is condition {d} part {p} ?</Question>\
                 <Answer>Condition {d} is a made-up disorder used to test imports; this is answer {p}, \
                 which repeats itself to have some length. {}</Answer></QAPair>",
                "Words for the index. ".repeat(20)
            );
        }
        xml += "</QAPairs></Document>";
        std::fs::write(folder.join(format!("{d:07}.xml")), xml).unwrap();
    }
    root
}

fn spawn_import(home: &Path, path: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_curbside"))
        .args(["import", "medquad", path.to_str().unwrap(), "--home"])
        .arg(home)
        .current_dir(home)
        .env_remove("CURBSIDE_HOME")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn an_import_killed_at_any_point_leaves_the_previous_library_usable() {
    let home = tempfile::tempdir().unwrap();
    let first = curbside(
        home.path(),
        &["import", "medquad", fixtures().join("medquad").to_str().unwrap()],
    );
    assert!(first.status.success(), "{}", text(&first));
    let big = big_collection(home.path(), 300);
    // How long a whole import takes here (debug or release, loaded or not), so the
    // kills below land in every stage: reading, storing, swapping, indexing. Time only
    // chooses the moments; nothing asserts on it.
    let scratch = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let status = spawn_import(scratch.path(), &big).wait().unwrap();
    assert!(status.success());
    let whole = started.elapsed();
    for share in [0.02, 0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.95] {
        let mut child = spawn_import(home.path(), &big);
        std::thread::sleep(whole.mul_f64(share));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Whatever the moment, the library is the old import or the whole new one.
        let corpora = json(&curbside(home.path(), &["corpora", "--json"]));
        let articles = corpora["installed"][0]["articles"].as_u64().unwrap();
        assert!(
            articles == 6 || articles == 1500,
            "killed at {share} of an import: {articles} articles installed"
        );
        let (question, expected) = if articles == 6 {
            (
                "what are the treatments for wilson disease",
                "medquad-ghr-9100001-3",
            )
        } else {
            ("what is condition 7 part 3", "medquad-ghr-0000007-3")
        };
        let asked = json(&curbside(home.path(), &["ask", question, "--json"]));
        assert_eq!(asked["results"][0]["id"], expected, "killed at {share}");
        let files = std::fs::read_dir(home.path().join("corpora"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".jsonl"))
            .count();
        assert!(files <= 2, "at most the installed file and one left by the kill");
    }
}

#[test]
fn searching_goes_on_when_the_index_is_removed_under_it_and_the_next_start_rebuilds() {
    let home = tempfile::tempdir().unwrap();
    let engine = support::fixture_engine(home.path());
    std::fs::remove_dir_all(home.path().join("index")).unwrap();
    let hits = engine.search("what causes clonus", 5, false).unwrap();
    assert_eq!(hits[0].id, "fx-clonus-causes");
    assert!(engine.article("fx-clonus-causes").unwrap().is_some());
    drop(engine);
    let again = support::fixture_engine(home.path());
    assert_eq!(
        again.search("clonus", 1, false).unwrap()[0].id,
        "fx-clonus-causes"
    );
}

#[test]
fn two_copies_read_the_same_index_at_once() {
    let home = tempfile::tempdir().unwrap();
    let first = support::fixture_engine(home.path());
    let second = support::fixture_engine(home.path());
    assert_eq!(
        first.location(),
        second.location(),
        "the second reuses the first's index"
    );
    let threads: Vec<_> = [first, second]
        .into_iter()
        .map(|engine| {
            std::thread::spawn(move || {
                for _ in 0..50 {
                    let hits = engine.search("serotonin syndrome", 3, false).unwrap();
                    assert_eq!(hits[0].id, "fx-serotonin-syndrome");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

/// `curbside ask "what causes clonus" --json` with `home`, run from `dir`.
fn ask_clonus(dir: &Path, home: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_curbside"))
        .args(["ask", "what causes clonus", "--json", "--home"])
        .arg(home)
        .current_dir(dir)
        .env_remove("CURBSIDE_HOME")
        .output()
        .unwrap()
}

#[test]
fn a_home_beneath_a_file_still_answers_from_the_builtin_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-directory");
    std::fs::write(&file, b"x").unwrap();
    let out = ask_clonus(dir.path(), &file.join("home"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the index"));
    assert_eq!(json(&out)["article"]["id"], "clonus-causes");
}

/// A tiny filesystem mounted for one test and unmounted when it ends.
struct SmallFilesystem(PathBuf);

impl SmallFilesystem {
    /// `None` where this machine does not let the tests mount one (not root, a container
    /// without the capability).
    fn mount(at: &Path) -> Option<SmallFilesystem> {
        std::fs::create_dir_all(at).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .ok()?
            .success();
        mounted.then(|| SmallFilesystem(at.to_path_buf()))
    }
}

impl Drop for SmallFilesystem {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_filesystem_still_answers_from_the_builtin_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let Some(small) = SmallFilesystem::mount(&dir.path().join("small")) else {
        eprintln!("not run: this machine does not allow mounting a small filesystem");
        return;
    };
    // Fill it to the last byte.
    let mut filler = std::fs::File::create(small.0.join("filler")).unwrap();
    while filler.write_all(&[0u8; 4096]).is_ok() {}
    let _ = filler.write_all(&[0u8; 1]);
    let out = ask_clonus(dir.path(), &small.0.join("home"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(json(&out)["article"]["id"], "clonus-causes");
}

/// The generation directory `CURRENT` names.
fn current_generation(home: &Path) -> PathBuf {
    let name = std::fs::read_to_string(home.join("index/CURRENT")).unwrap();
    home.join("index").join(name.trim())
}

/// Overwrites `len` bytes in the middle of `path` in place (the file keeps its size, as
/// a bad sector or a stray write would leave it).
fn damage_in_place(path: &Path, byte: Option<u8>, len: usize) {
    use std::io::{Seek, SeekFrom};
    let size = std::fs::metadata(path).unwrap().len();
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(size / 2)).unwrap();
    let mut seed = size;
    let bytes: Vec<u8> = (0..len.min(size as usize / 4))
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            byte.unwrap_or((seed >> 33) as u8)
        })
        .collect();
    file.write_all(&bytes).unwrap();
    file.sync_all().unwrap();
}

/// The files of the generation with this extension, largest first.
fn index_files(generation: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(generation)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == extension))
        .collect();
    files.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).unwrap().len()));
    files
}

fn imported_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let out = curbside(
        home.path(),
        &["import", "medquad", fixtures().join("medquad").to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    home
}

#[test]
fn a_damaged_term_or_store_file_fails_its_checksum_and_the_index_is_rebuilt() {
    let home = imported_home();
    let before = current_generation(home.path());
    damage_in_place(&index_files(&before, "term")[0], Some(0xFF), 256);
    let out = curbside(home.path(), &["ask", "what", "causes", "clonus"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("panicked"), "{}", text(&out));
    let rebuilt = current_generation(home.path());
    assert_ne!(rebuilt, before, "the damaged generation was replaced");

    damage_in_place(&index_files(&rebuilt, "store")[0], None, 4096);
    let mut child = Command::new(env!("CARGO_BIN_EXE_curbside"))
        .args(["search", "--batch", "--home"])
        .arg(home.path())
        .current_dir(home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"clonus\nserotonin\nspasticity\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
    assert_ne!(current_generation(home.path()), rebuilt);
}

#[test]
fn index_rebuilds_a_damaged_index_and_force_rebuilds_a_sound_one() {
    let home = imported_home();
    let before = current_generation(home.path());
    damage_in_place(&index_files(&before, "idx")[0], None, 512);
    let out = curbside(home.path(), &["index"]);
    assert!(out.status.success(), "{}", text(&out));
    let rebuilt = current_generation(home.path());
    assert_ne!(rebuilt, before, "a damaged index is not reused");
    let out = curbside(home.path(), &["index"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(current_generation(home.path()), rebuilt, "a sound one is");
    let out = curbside(home.path(), &["index", "--force"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_ne!(current_generation(home.path()), rebuilt, "unless forced");
}

#[test]
fn a_search_on_an_index_damaged_while_open_is_an_error_never_a_panic() {
    let home = tempfile::tempdir().unwrap();
    let sources = support::fixture_sources(home.path());
    let index_dir = home.path().join("index");
    let (engine, _) = curbside_core::index::Engine::open(&index_dir, &sources, &mut |_, _| {}).unwrap();
    let generation = current_generation(home.path());
    for extension in ["term", "idx", "store", "pos", "fieldnorm"] {
        for file in index_files(&generation, extension) {
            damage_in_place(&file, Some(0xFF), 1 << 20);
        }
    }
    let mut failed = Vec::new();
    for query in [
        "clonus",
        "serotonin syndrome",
        "spasticity treatment",
        "baclofen",
        "what causes clonus",
    ] {
        // Each call must return: a panic here fails the test.
        if let Err(e) = engine.search(query, 10, false) {
            failed.push(e.to_string());
        }
        let _ = engine.passages(query, 10);
    }
    assert!(!failed.is_empty(), "the damage was read");
    assert!(failed[0].contains("the index is damaged"), "{failed:?}");
    assert!(failed[0].contains("rebuilt on the next start"), "{failed:?}");
    assert!(generation.join("DAMAGED").exists(), "{failed:?}");
    drop(engine);
    let (_, opened) = curbside_core::index::Engine::open(&index_dir, &sources, &mut |_, _| {}).unwrap();
    assert!(
        matches!(opened, curbside_core::index::Opened::Rebuilt(_)),
        "{opened:?}"
    );
}

/// `dir` bind-mounted read-only over itself for one test, unmounted when it ends.
struct ReadOnlyMount(PathBuf);

impl ReadOnlyMount {
    /// `None` where this machine does not let the tests mount.
    fn over(dir: &Path) -> Option<ReadOnlyMount> {
        let run = |args: &[&str]| {
            Command::new("mount")
                .args(args)
                .arg(dir)
                .arg(dir)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        if !run(&["--bind"]) {
            return None;
        }
        let mounted = ReadOnlyMount(dir.to_path_buf());
        run(&["-o", "remount,ro,bind"]).then_some(mounted)
    }
}

impl Drop for ReadOnlyMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_read_only_home_with_a_valid_index_answers_from_its_imported_corpora() {
    let home = imported_home();
    let Some(_mount) = ReadOnlyMount::over(home.path()) else {
        eprintln!("not run: this machine does not allow a read-only bind mount");
        return;
    };
    assert!(
        std::fs::write(home.path().join("probe"), b"x").is_err(),
        "the home is read-only"
    );
    let out = curbside(
        home.path(),
        &["ask", "what are the symptoms of holmes-adie syndrome", "--json"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("cannot write the index"), "{stderr}");
    assert_eq!(json(&out)["article"]["source"]["corpus"], "medquad", "{stderr}");
}
