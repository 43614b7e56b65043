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
                "MedQuAD/genetic/quartz-palm.xml",
                fixture_xml("genetic/quartz-palm.xml"),
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
                "MedQuAD/genetic/quartz-palm.xml",
                fixture_xml("genetic/quartz-palm.xml"),
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
                "what are the treatments for quartz palm disorder",
                "medquad-ghr-9300031-3",
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
fn the_directories_of_killed_index_builds_are_swept_by_the_next_start() {
    let home = tempfile::tempdir().unwrap();
    drop(support::fixture_engine(home.path()));
    // What two `curbside index --force` killed before their swap leave behind.
    let index = home.path().join("index");
    let killed: Vec<_> = ["tmp-0123456789abcdef-4242", "tmp-0123456789abcdef-4343"]
        .iter()
        .map(|name| index.join(name))
        .collect();
    for dir in &killed {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("segment.idx"), vec![0u8; 4096]).unwrap();
    }
    let engine = support::fixture_engine(home.path());
    assert_eq!(
        engine.search("clonus", 1, false).unwrap()[0].id,
        "fx-clonus-causes"
    );
    for dir in &killed {
        assert!(!dir.exists(), "{} is left", dir.display());
    }
    assert!(index.join("CURRENT").is_file(), "the current generation stays");
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
        SmallFilesystem::mount_sized(at, "64k")
    }

    /// One of `size` (as `mount -o size=` reads it).
    fn mount_sized(at: &Path, size: &str) -> Option<SmallFilesystem> {
        std::fs::create_dir_all(at).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
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

fn corpus_files(home: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(home.join("corpora"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    names.sort();
    names
}

fn manifest(home: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(home.join("corpora/manifest.json")).unwrap()).unwrap()
}

fn asks_holmes_adie_from_medquad(home: &Path) {
    let out = curbside(
        home,
        &["ask", "what are the symptoms of holmes-adie syndrome", "--json"],
    );
    assert_eq!(
        json(&out)["article"]["source"]["corpus"],
        "medquad",
        "{}",
        text(&out)
    );
}

#[test]
fn an_import_in_which_every_file_fails_is_refused_and_the_library_kept() {
    let home = imported_home();
    let before = manifest(home.path());
    let bad = home.path().join("bad");
    std::fs::create_dir_all(bad.join("3_GHR_QA")).unwrap();
    for name in ["0000001.xml", "0000002.xml"] {
        std::fs::write(
            bad.join("3_GHR_QA").join(name),
            "<Document id=\"1\" source=\"GHR\"><Focus>cut off",
        )
        .unwrap();
    }
    let out = curbside(home.path(), &["import", "medquad", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("no question-answer pair could be imported"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("0000002.xml:1:"), "{}", text(&out));
    assert_eq!(manifest(home.path()), before);
    asks_holmes_adie_from_medquad(home.path());
}

#[test]
fn an_import_that_cannot_be_indexed_for_want_of_space_leaves_the_previous_library() {
    let dir = tempfile::tempdir().unwrap();
    let Some(small) = SmallFilesystem::mount_sized(&dir.path().join("small"), "4m") else {
        eprintln!("not run: this machine does not allow mounting a small filesystem");
        return;
    };
    let home = small.0.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let first = curbside(
        &home,
        &["import", "medquad", fixtures().join("medquad").to_str().unwrap()],
    );
    assert!(first.status.success(), "{}", text(&first));
    let before = manifest(&home);
    // How much the new corpus file takes, measured on a roomy home.
    let big = big_collection(dir.path(), 60);
    let scratch = tempfile::tempdir().unwrap();
    assert!(spawn_import(scratch.path(), &big).wait().unwrap().success());
    let corpus_bytes: u64 = corpus_files(scratch.path())
        .iter()
        .map(|n| {
            std::fs::metadata(scratch.path().join("corpora").join(n))
                .unwrap()
                .len()
        })
        .sum();
    // Leave room for the corpus file and a little more (16 KiB), never for its index.
    let filler_path = small.0.join("filler");
    let mut filler = std::fs::File::create(&filler_path).unwrap();
    while filler.write_all(&[0u8; 4096]).is_ok() {}
    let filled = std::fs::metadata(&filler_path).unwrap().len();
    filler
        .set_len(filled.saturating_sub(corpus_bytes + 16 * 1024))
        .unwrap();
    filler.sync_all().unwrap();
    let out = curbside(&home, &["import", "medquad", big.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the import cannot be indexed: {}",
        text(&out)
    );
    assert!(
        // tantivy says so, or that its writer's thread died of it.
        text(&out).contains("No space left on device") || text(&out).contains("index writer was killed"),
        "it failed for want of space: {}",
        text(&out)
    );
    assert_eq!(manifest(&home), before, "{}", text(&out));
    assert_eq!(
        corpus_files(&home),
        vec![before[0]["file"].as_str().unwrap().to_string()]
    );
    drop(filler);
    std::fs::remove_file(&filler_path).unwrap();
    asks_holmes_adie_from_medquad(&home);
}

/// Runs the binary like [`curbside`], failing the test if it has not ended within 20 s
/// (a FIFO opened for reading waits for a writer forever).
fn curbside_within(home: &Path, args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_curbside"))
        .args(args)
        .arg("--home")
        .arg(home)
        .current_dir(home)
        .env_remove("CURBSIDE_HOME")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("`curbside {}` hung", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_damaged_manifest_is_set_aside_and_the_corpora_are_found_again_from_their_files() {
    let home = imported_home();
    let path = home.path().join("corpora/manifest.json");
    let good = std::fs::read(&path).unwrap();
    type Damage<'a> = (&'a str, &'a dyn Fn(&Path));
    let damages: [Damage; 6] = [
        ("truncated", &|p| {
            std::fs::write(p, &good[..good.len() / 2]).unwrap()
        }),
        ("garbage", &|p| std::fs::write(p, b"\x00\xff garbage {{").unwrap()),
        ("empty", &|p| std::fs::write(p, b"").unwrap()),
        ("a directory", &|p| std::fs::create_dir(p).unwrap()),
        ("100 MB", &|p| {
            std::fs::File::create(p).unwrap().set_len(100 << 20).unwrap()
        }),
        ("a FIFO", &|p| assert!(mkfifo(p) || !cfg!(target_os = "linux"))),
    ];
    for (damage, make) in damages {
        let _ = std::fs::remove_file(&path);
        make(&path);
        let out = curbside_within(home.path(), &["corpora", "--json"]);
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(json(&out)["installed"][0]["articles"], 6, "{damage}: {said}");
        assert!(said.contains("manifest.json"), "{damage}: {said}");
        assert!(
            said.contains("Moved to manifest.json.damaged-"),
            "{damage}: {said}"
        );
        assert!(
            said.contains("found again from their files: medquad"),
            "{damage}: {said}"
        );
        let again = curbside_within(home.path(), &["corpora"]);
        assert!(again.stderr.is_empty(), "said once: {}", text(&again));
        asks_holmes_adie_from_medquad(home.path());
    }
}

#[test]
fn import_and_remove_go_on_past_a_damaged_manifest() {
    let home = imported_home();
    let path = home.path().join("corpora/manifest.json");
    std::fs::write(&path, b"not json").unwrap();
    let out = curbside(
        home.path(),
        &["import", "medquad", fixtures().join("medquad").to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("manifest.json.damaged-"), "{}", text(&out));
    assert_eq!(corpus_files(home.path()).len(), 1);
    std::fs::write(&path, b"[{").unwrap();
    let out = curbside(home.path(), &["remove", "medquad"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("removed medquad"), "{}", text(&out));
    let corpora = json(&curbside(home.path(), &["corpora", "--json"]));
    assert_eq!(corpora["installed"].as_array().unwrap().len(), 0);
    assert!(corpus_files(home.path()).is_empty());
}

#[test]
fn a_truncated_emptied_or_missing_corpus_file_is_set_aside_and_the_rest_answers() {
    for damage in ["truncated", "emptied", "missing", "a FIFO"] {
        let home = imported_home();
        let file = home.path().join("corpora").join(&corpus_files(home.path())[0]);
        let len = std::fs::metadata(&file).unwrap().len();
        match damage {
            "truncated" => std::fs::File::options()
                .write(true)
                .open(&file)
                .unwrap()
                .set_len(len / 2)
                .unwrap(),
            "emptied" => std::fs::write(&file, b"").unwrap(),
            "missing" => std::fs::remove_file(&file).unwrap(),
            _ => {
                std::fs::remove_file(&file).unwrap();
                assert!(mkfifo(&file));
            }
        }
        // A rebuild is needed, so the corpus would have to be read.
        std::fs::remove_file(home.path().join("index/CURRENT")).unwrap();
        let out = curbside_within(home.path(), &["ask", "what", "causes", "clonus", "--json"]);
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(json(&out)["article"]["id"], "clonus-causes", "{damage}: {said}");
        assert!(
            said.contains("goes on without the medquad corpus"),
            "{damage}: {said}"
        );
        let corpora = json(&curbside_within(home.path(), &["corpora", "--json"]));
        assert_eq!(
            corpora["installed"].as_array().unwrap().len(),
            0,
            "{damage}: corpora tells the truth"
        );
    }
}

#[test]
fn a_corpus_file_changed_in_place_is_found_when_the_index_is_rebuilt() {
    let home = imported_home();
    let file = home.path().join("corpora").join(&corpus_files(home.path())[0]);
    damage_in_place(&file, Some(b'#'), 8);
    std::fs::remove_file(home.path().join("index/CURRENT")).unwrap();
    let out = curbside(home.path(), &["ask", "what", "causes", "clonus", "--json"]);
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(json(&out)["article"]["id"], "clonus-causes", "{said}");
    assert!(said.contains("cannot be read"), "{said}");
    let corpora = json(&curbside(home.path(), &["corpora", "--json"]));
    assert_eq!(corpora["installed"].as_array().unwrap().len(), 0);
    let again = curbside(home.path(), &["ask", "clonus"]);
    assert!(
        again.stderr.is_empty(),
        "the index built without it is current: {}",
        text(&again)
    );
}

#[test]
fn a_fifo_where_a_file_is_read_is_refused_by_name_and_never_waited_on() {
    let home = imported_home();
    // The index pointer: read as damaged, and the index rebuilt.
    let pointer = home.path().join("index/CURRENT");
    std::fs::remove_file(&pointer).unwrap();
    assert!(mkfifo(&pointer), "mkfifo works here");
    let out = curbside_within(home.path(), &["ask", "what", "causes", "clonus", "--json"]);
    assert_eq!(json(&out)["article"]["id"], "clonus-causes", "{}", text(&out));
    assert!(
        std::fs::metadata(&pointer).unwrap().is_file(),
        "CURRENT is a file again"
    );
    // The settings: set aside as damaged, named.
    let settings = home.path().join("settings.toml");
    assert!(mkfifo(&settings));
    let out = curbside_within(home.path(), &["bookmarks"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("settings.toml"), "{}", text(&out));
    assert!(text(&out).contains("FIFO"), "{}", text(&out));
    // An article given to check, and a path given to import.
    let dir = articles_dir(home.path());
    assert!(mkfifo(&dir.join("pipe.json")));
    let out = curbside_within(home.path(), &["check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("pipe.json"), "{}", text(&out));
    assert!(text(&out).contains("FIFO"), "{}", text(&out));
    let archive = home.path().join("medquad.zip");
    assert!(mkfifo(&archive));
    let out = curbside_within(home.path(), &["import", "medquad", archive.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("FIFO"), "{}", text(&out));
}

#[test]
fn a_directory_in_the_place_of_the_index_pointer_is_replaced() {
    let home = imported_home();
    let pointer = home.path().join("index/CURRENT");
    std::fs::remove_file(&pointer).unwrap();
    std::fs::create_dir_all(pointer.join("inside")).unwrap();
    let out = curbside(home.path(), &["ask", "what", "causes", "clonus", "--json"]);
    assert_eq!(json(&out)["article"]["id"], "clonus-causes", "{}", text(&out));
    assert!(std::fs::metadata(&pointer).unwrap().is_file(), "{}", text(&out));
    let again = curbside(home.path(), &["ask", "clonus"]);
    assert!(again.stderr.is_empty(), "{}", text(&again));
    asks_holmes_adie_from_medquad(home.path());
}

#[test]
fn check_reads_an_articles_folder_any_case_of_json_and_a_bom_and_refuses_an_empty_directory() {
    let home = tempfile::tempdir().unwrap();
    let root = home.path().join("corpus");
    let dir = articles_dir(&root);
    assert_eq!(dir, root.join("articles"));
    std::fs::write(dir.join("b.json"), b"garbage").unwrap();
    let out = curbside(home.path(), &["check", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("b.json"), "{}", text(&out));
    assert!(text(&out).contains("4 files, 1 errors"), "{}", text(&out));

    std::fs::remove_file(dir.join("b.json")).unwrap();
    std::fs::write(dir.join("SHOUTED.JSON"), b"{").unwrap();
    let out = curbside(home.path(), &["check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("SHOUTED.JSON"), "{}", text(&out));

    std::fs::remove_file(dir.join("SHOUTED.JSON")).unwrap();
    let first = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend(std::fs::read(&first).unwrap());
    std::fs::write(&first, with_bom).unwrap();
    let out = curbside(home.path(), &["check", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "a byte-order mark is not an error: {}",
        text(&out)
    );

    let empty = home.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = curbside(home.path(), &["check", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("no article files found"), "{}", text(&out));
}

#[test]
fn a_failed_write_is_called_writing_and_its_cause_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-directory");
    std::fs::write(&file, b"x").unwrap();
    let home = file.join("home");
    let out = Command::new(env!("CARGO_BIN_EXE_curbside"))
        .args([
            "import",
            "medquad",
            fixtures().join("medquad").to_str().unwrap(),
            "--home",
        ])
        .arg(&home)
        .current_dir(dir.path())
        .env_remove("CURBSIDE_HOME")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("writing "), "{said}");
    assert!(!said.contains("reading "), "{said}");
    assert_eq!(said.matches("Not a directory").count(), 1, "{said}");
}

#[test]
fn exports_of_ids_that_share_their_first_80_characters_do_not_overwrite_each_other() {
    let home = tempfile::tempdir().unwrap();
    let library = curbside_core::user_files::UserFiles::open(&curbside_core::home::Home::new(home.path()));
    let shared = "x".repeat(80);
    let one = library.export(&format!("{shared}-one"), "# One\n").unwrap();
    let two = library.export(&format!("{shared}-two"), "# Two\n").unwrap();
    assert_ne!(one, two);
    assert_eq!(std::fs::read_to_string(one).unwrap(), "# One\n");
    assert_eq!(std::fs::read_to_string(two).unwrap(), "# Two\n");
}

#[test]
fn an_index_another_process_built_while_this_one_waited_is_not_said_to_be_built_here() {
    use curbside_core::index::{Engine, Opened, build};
    let home = tempfile::tempdir().unwrap();
    let index_dir = home.path().join("index");
    let sources = support::fixture_sources(home.path());
    let lock = build::BuildLock::acquire(&index_dir).unwrap();
    let waiting = {
        let (index_dir, sources) = (index_dir.clone(), sources.clone());
        std::thread::spawn(move || {
            Engine::open(&index_dir, &sources, &mut |_, _| {}).map(|(_, opened)| opened)
        })
    };
    // The other builder: it holds the lock while the engine above waits for it.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let fingerprint = build::fingerprint_hex(sources.fingerprint());
    build::build_generation(
        &index_dir,
        &fingerprint,
        &sources.articles().unwrap(),
        &mut |_, _| {},
    )
    .unwrap();
    drop(lock);
    let opened = waiting.join().unwrap().unwrap();
    assert_eq!(opened, Opened::Current);
}

#[test]
fn escape_sequences_in_the_material_never_reach_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let hostile = fixtures().join("medquad-hostile");
    let imported = curbside(home.path(), &["import", "medquad", hostile.to_str().unwrap()]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let id = "medquad-ghr-9300021-1";
    let runs: [&[&str]; 6] = [
        &["ask", "copper", "whistle"],
        &["ask", "copper", "whistle", "--markdown"],
        &["show", id],
        &["show", id, "--markdown"],
        &["search", "whistle"],
        &["search", "whistle\u{1b}]0;typed\u{7}"],
    ];
    for args in runs {
        let out = curbside(home.path(), args);
        let control = |bytes: &[u8]| bytes.iter().any(|&b| b == 0x1b || b == 0x07 || b == 0x9b);
        assert!(
            !control(&out.stdout),
            "{args:?} wrote a control byte: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!control(&out.stderr), "{args:?} wrote a control byte to stderr");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Copper whistle syndrome") || text.contains("copper whistle"),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_command_quietly_with_status_0() {
    use std::process::{Command, Stdio};
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["show", "clonus-causes"][..],
        &["show", "clonus-causes", "--markdown"],
        &["ask", "clonus"],
        &["ask", "--json", "clonus"],
        &["search", "--json", "clonus"],
        &["corpora"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_curbside"))
            .args(args)
            .arg("--home")
            .arg(home.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before anything is written, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_batch_line_without_a_newline_is_read_to_its_cap_and_answered() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_curbside"))
        .args(["search", "--batch", "--home"])
        .arg(home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let long = "clonus ".repeat(200_000); // 1.4 MB on one line
    stdin
        .write_all(format!("{long}\nwhat causes clonus\n").as_bytes())
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "one answer a line");
    assert!(
        lines[0]["query"].as_str().unwrap().len() <= 64 * 1024,
        "the query is cut, not echoed whole"
    );
    assert_eq!(lines[1]["hits"][0]["id"], "clonus-causes");
}
