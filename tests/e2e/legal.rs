//! `kanun refs`, `kanun terms`, `kanun history` and `kanun check` on references, through the real command.

use serde_json::Value;

use crate::kanun;

fn json(args: &[&str]) -> Value {
    let out = kanun(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn refs_show_incoming_references_from_other_articles() {
    let out = kanun(&["refs", "/akn/tm/act/2021-12-18/social-services", "art_1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("cited by:\n  social-services art_9"), "{text}");
    // Outgoing, in Russian, with the citing words and the targets.
    let v = json(&["refs", "social-protection-code", "art_23", "--lang", "rus", "--json"]);
    let cites: Vec<String> = v["cites"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["targets"].as_array().unwrap().iter().map(|t| t["eid"].as_str().unwrap_or("-").to_string())
        })
        .collect();
    assert!(
        cites.contains(&"art_20__para_1".to_string())
            && cites.contains(&"art_23__para_1__point_3".to_string()),
        "{cites:?}"
    );
    // A part: only what is written in it.
    let v = json(&["refs", "social-protection-code", "art_23__para_2", "--json"]);
    assert_eq!(v["cites"].as_array().unwrap().len(), 2, "{v}");
    // Point in time: in 2023 Article 10-1 (which also cites Article 21) did not exist yet.
    let now = json(&["refs", "social-services", "art_21", "--json"]);
    let then = json(&["refs", "social-services", "art_21", "--asof", "2023-01-01", "--json"]);
    let eids = |v: &Value| {
        v["cited_by"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["eid"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(eids(&now), ["art_10", "art_10-1"]);
    assert_eq!(eids(&then), ["art_10"]);
    let out = kanun(&["refs", "social-services", "art_999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no provision \"art_999\""));
}

#[test]
fn terms_list_definitions_and_uses() {
    let v = json(&["terms", "social-services", "--json"]);
    assert_eq!(v["expression"], "/akn/tm/act/2021-12-18/social-services/eng@2024-07-01");
    let list = v["terms"].as_array().unwrap();
    let cm = list.iter().find(|t| t["term"] == "case management").unwrap();
    assert_eq!(cm["eid"], "art_1__para_1__point_10");
    let v = json(&["terms", "social-services", "--lang", "rus", "--json"]);
    assert!(v["terms"].as_array().unwrap().iter().any(|t| t["term"] == "социальная услуга"), "{v}");
    let then = json(&["terms", "social-services", "--asof", "2023-01-01", "--json"]);
    assert_eq!(
        then["terms"].as_array().unwrap().len() + 2,
        list.len(),
        "licence and quality standard came in 2024"
    );
    let out = kanun(&["terms", "social-work"]);
    assert!(out.status.success());
}

#[test]
fn history_lists_the_articles_changed_between_versions() {
    // Read by hand from the 2022 and 2024 English texts.
    let v = json(&["history", "social-services", "--json"]);
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1);
    let got: Vec<String> = steps[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let side = |k: &str| {
                c[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x[0].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join("+")
            };
            format!("{} {}>{}", c["class"].as_str().unwrap(), side("before"), side("after"))
        })
        .collect();
    assert_eq!(
        got,
        [
            "modified art_1>art_1",
            "new >art_10-1",
            "modified art_15>art_15",
            "modified art_24>art_24",
            "repealed art_29>art_29",
            "new >art_31",
            "renumbered art_31>art_32",
            "renumbered art_32>art_33",
            "renumbered art_33>art_34",
        ]
    );
    assert_eq!(steps[0]["unchanged"], 26);
    // Turkmen gives the same articles.
    let v = json(&["history", "social-services", "--lang", "tuk", "--json"]);
    assert_eq!(v["steps"][0]["changes"].as_array().unwrap().len(), 9);
    let text = String::from_utf8_lossy(&kanun(&["history", "social-work"]).stdout).into_owned();
    assert!(text.contains("one version only"), "{text}");
}

#[test]
fn export_akn_writes_the_expression_in_force_on_a_date() {
    let dir = std::env::temp_dir().join(format!("kanun-e2e-akn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("ss.xml");
    let out = kanun(&[
        "export",
        "akn",
        "social-services",
        "--lang",
        "rus",
        "--asof",
        "2023-01-01",
        "-o",
        f.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let xml = std::fs::read_to_string(&f).unwrap();
    assert!(xml.contains("<FRBRuri value=\"/akn/tm/act/2021-12-18/social-services/rus@2022-01-01\"/>"));
    assert!(!xml.contains("art_10-1"), "Article 10-1 came in 2024");
    let out = kanun(&["export", "akn", "no-such-law"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no work \"no-such-law\""));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn import_reads_akn_back_into_the_corpus_format_and_refuses_bad_files() {
    let dir = std::env::temp_dir().join(format!("kanun-e2e-import-{}", std::process::id()));
    let law = dir.join("tm/social-services");
    std::fs::create_dir_all(&law).unwrap();
    let xml = dir.join("ss.xml");
    assert!(
        kanun(&["export", "akn", "social-services", "--lang", "tuk", "-o", xml.to_str().unwrap()])
            .status
            .success()
    );
    let md = law.join("tuk@2024-07-01.md");
    let out = kanun(&["import", xml.to_str().unwrap(), "-o", md.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The imported file is a valid corpus file with the same text as the original.
    let a = kanun(&["show", "social-services", "--lang", "tuk"]);
    let b = kanun(&["--corpus", dir.to_str().unwrap(), "show", "social-services", "--lang", "tuk"]);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    assert_eq!(String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&b.stdout));
    // A Word document (numbered by Word) of the same law imports to the same text.
    let docx = dir.join("ss.docx");
    assert!(
        kanun(&[
            "export",
            "docx",
            "social-services",
            "--lang",
            "tuk",
            "--word-numbering",
            "-o",
            docx.to_str().unwrap()
        ])
        .status
        .success()
    );
    let out = kanun(&[
        "import",
        docx.to_str().unwrap(),
        "--work",
        "/akn/tm/act/2021-12-18/social-services",
        "--lang",
        "tuk",
        "--date",
        "2024-07-01",
        "-o",
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let c = kanun(&["--corpus", dir.to_str().unwrap(), "show", "social-services", "--lang", "tuk"]);
    assert_eq!(String::from_utf8_lossy(&a.stdout), String::from_utf8_lossy(&c.stdout));
    // Bad files: binary, empty, a DTD with an external entity.
    let cases: [(&str, &[u8], &str); 5] = [
        ("binary.xml", b"\xff\xfe\x00PK\x03\x04", "not UTF-8"),
        ("binary.txt", b"\x00\x01\x02 text", "binary file"),
        ("renamed.docx", b"PK\x03\x04\x14\x00 zip", "not a DOCX (ZIP) package"),
        ("empty.xml", b"", "is empty"),
        ("xxe.xml", b"<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<akomaNtoso>&x;</akomaNtoso>", ":2: a DOCTYPE is not accepted"),
    ];
    for (name, bytes, want) in cases {
        let f = dir.join(name);
        std::fs::write(&f, bytes).unwrap();
        let out = kanun(&[
            "import",
            f.to_str().unwrap(),
            "--work",
            "/akn/tm/act/2020-01-01/x",
            "--lang",
            "eng",
            "--date",
            "2020-01-01",
        ]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{name}: {err}");
        assert!(!err.contains("root:"), "{name}: an entity was resolved");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn import_of_published_text_reports_what_it_recognised() {
    let dir = std::env::temp_dir().join(format!("kanun-e2e-import-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("law.txt");
    std::fs::write(
        &src,
        "Law of Turkmenistan \"On an Example\"\nThis Law sets an example.\nChapter I. General provisions\nArticle 1. Scope\n1. This Law applies to examples.\n2. It applies to:\n1) good examples;\n2) bad examples.\nArticle 2. Entry into force\nThis Law enters into force on 1 January 2027.\n",
    )
    .unwrap();
    let md = dir.join("eng@2027-01-01.md");
    let out = kanun(&[
        "import",
        src.to_str().unwrap(),
        "--work",
        "/akn/tm/act/2026-12-01/example",
        "--lang",
        "eng",
        "--date",
        "2027-01-01",
        "--json",
        "-o",
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    let report: Value =
        serde_json::from_str(err.split("\n}\n").next().map(|s| format!("{s}\n}}")).as_deref().unwrap())
            .unwrap();
    assert_eq!(report["provisions"]["article"], 2);
    assert_eq!(report["provisions"]["chapter"], 1);
    assert_eq!(report["provisions"]["point"], 2);
    assert_eq!(report["confidence"], 1.0);
    let check = kanun(&["check", md.to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    // Without the metadata, the command says what it needs.
    let out = kanun(&["import", src.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --work, --lang, --date"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_real_code_imported_from_text_is_searchable() {
    // The Family Code of the Russian Federation as published (../shared/corpora/ru/txt), imported and searched.
    let dir = std::env::temp_dir().join(format!("kanun-e2e-real-import-{}", std::process::id()));
    let law = dir.join("corpus/ru/family-code");
    std::fs::create_dir_all(&law).unwrap();
    let md = law.join("rus@2023-07-31.md");
    let out = kanun(&[
        "import",
        "../shared/corpora/ru/txt/Semeyny_kodeks_RF__nd102038925.txt",
        "--work",
        "/akn/ru/act/1995-12-29/family-code",
        "--lang",
        "rus",
        "--date",
        "2023-07-31",
        "--title",
        "Семейный кодекс Российской Федерации",
        "-o",
        md.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("177 article"));
    let corpus = dir.join("corpus");
    let data = dir.join("data");
    // Article 1, part 2 (read in the file): "Признается брак, заключенный только в органах записи актов гражданского состояния."
    let v = json(&[
        "--corpus",
        corpus.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "search",
        "\"органах записи актов гражданского состояния\"",
        "--json",
    ]);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.iter().any(|h| h["eid"] == "art_1" && h["matched_eid"] == "art_1__para_2"), "{v}");
    // Stemmed: "брака" finds the articles on marriage, Article 10 (Заключение брака) among them.
    let v = json(&[
        "--corpus",
        corpus.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "search",
        "заключение брака",
        "--limit",
        "20",
        "--json",
    ]);
    assert!(v["hits"].as_array().unwrap().iter().any(|h| h["eid"] == "art_10"), "{v}");
    std::fs::remove_dir_all(&dir).ok();
}
