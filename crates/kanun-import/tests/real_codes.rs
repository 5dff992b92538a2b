//! The nine real Russian codes in `../shared/corpora/ru/html/` (pravo.gov.ru HTML, decades of amendments),
//! imported as published: 0 errors, every word kept, and the counts of articles, inserted articles, parts and
//! points and repealed articles equal to those of a small counter written here, separately from the importer
//! (it reads the HTML paragraphs itself and knows only the portal's markup). Each code also names eIds that
//! were checked by reading the source (the line of the HTML is given with each).

#![allow(clippy::unwrap_used)] // Test code: a failed unwrap is a failed test.

use std::path::PathBuf;

use kanun_import::{Meta, from_html};
use kanun_model::eid::NumberKey;
use kanun_model::{Expression, Kind};

fn html(file: &str) -> String {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpora/ru/html")).join(file);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// What the independent counter finds in the HTML.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    articles: usize,
    parts: usize,
    points: usize,
    inserted_articles: usize,
    inserted_parts: usize,
    inserted_points: usize,
    repealed_articles: usize,
}

/// The independent counter. Paragraphs are `<p …>…</p>` on one line each; a heading has `class="H"`; a
/// superscript is `<span class="W9" …>N</span>`, which the counter writes as `^N`. An article heading starts with
/// «Статья»; an inserted article's number has a superscript; an inserted part starts `N^k.` and an inserted
/// point `N^k)`; a repealed article has no title and the paragraph after it says «утратила силу», or its
/// heading does.
fn count(html: &str) -> Counts {
    fn text(inner: &str) -> String {
        let mut out = String::new();
        let mut rest = inner;
        while let Some(i) = rest.find('<') {
            out.push_str(&rest[..i]);
            let tag_end = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
            if rest[i..tag_end].contains("class=\"W9\"") {
                out.push('^');
            }
            rest = &rest[tag_end..];
        }
        out.push_str(rest);
        out.replace("&nbsp;", " ").replace("&amp;", "&").split_whitespace().collect::<Vec<_>>().join(" ")
    }
    let mut paragraphs: Vec<(bool, String)> = Vec::new();
    for line in html.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("<p")
            && let Some(gt) = rest.find('>')
            && let Some(inner) = rest[gt + 1..].strip_suffix("</p>")
        {
            let t = text(inner);
            if !t.is_empty() {
                paragraphs.push((rest[..gt].contains("class=\"H\""), t));
            }
        }
    }
    let starts_inserted = |t: &str, end: char| {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && t[digits..].starts_with('^') && {
            let after = &t[digits + 1..];
            let n = after.find(end).unwrap_or(0);
            n > 0
                && after[..n].chars().all(|c| c.is_ascii_digit() || c == '-' || c == '^')
                && after[n + 1..].starts_with(' ')
        }
    };
    // Every part (`N.`, `N^k.`) and numbered point (`N)`, `N^k)`) in an article, inserted or not.
    let starts_numbered = |t: &str, end: char| {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        let after = &t[digits..];
        let Some(n) = after.find(end) else { return false };
        digits > 0
            && after[..n].chars().all(|c| c.is_ascii_digit() || c == '-' || c == '^')
            && after[n + 1..].starts_with(' ')
    };
    let mut c = Counts::default();
    let mut in_article = false;
    for (i, (heading, t)) in paragraphs.iter().enumerate() {
        // The portal marks some notes on amendments as headings too («(Наименование в редакции …)»).
        if *heading && !t.starts_with('(') {
            in_article = t.starts_with("Статья ");
        } else if *heading {
        } else if t.split_once(". ").is_some_and(|(_, r)| r.starts_with("(Стать"))
            && paragraphs.get(i + 1).is_some_and(|(_, n)| n.starts_with("(Подпараграф"))
        {
            // «5. (Статья 95)» over «(Подпараграф утратил силу …)»: a repealed subparagraph, outside the
            // heading blocks; it ends the article before it.
            in_article = false;
        } else if in_article && starts_numbered(t, '.') {
            c.parts += 1;
        } else if in_article && starts_numbered(t, ')') {
            c.points += 1;
        }
        if *heading {
            if let Some(rest) = t.strip_prefix("Статья ") {
                c.articles += 1;
                let number: String = rest.chars().take_while(|ch| !matches!(ch, '.' | ' ')).collect();
                if number.contains('^') {
                    c.inserted_articles += 1;
                }
                let title = rest[number.len()..].trim_start_matches('.').trim();
                let next = paragraphs.get(i + 1).map_or("", |p| p.1.as_str());
                if title.contains("тратила силу")
                    || (title.is_empty() && next.starts_with('(') && next.contains("тратила силу"))
                {
                    c.repealed_articles += 1;
                }
            }
        } else if starts_inserted(t, '.') {
            c.inserted_parts += 1;
        } else if starts_inserted(t, ')') {
            c.inserted_points += 1;
        }
    }
    c
}

/// The same figures from the imported tree.
fn tree_counts(e: &Expression) -> Counts {
    let inserted = |p: &kanun_model::Provision| {
        p.num.as_ref().and_then(|n| NumberKey::from_id(&n.id)).is_some_and(|k| k.is_inserted())
    };
    let digit_point = |p: &kanun_model::Provision| {
        p.kind == Kind::Point
            && p.num.as_ref().is_some_and(|n| n.raw.starts_with(|c: char| c.is_ascii_digit()))
    };
    let all: Vec<_> = e.walk().collect();
    Counts {
        articles: all.iter().filter(|p| p.kind == Kind::Article).count(),
        parts: all.iter().filter(|p| p.kind == Kind::Para).count(),
        points: all.iter().filter(|p| digit_point(p)).count(),
        inserted_articles: all.iter().filter(|p| p.kind == Kind::Article && inserted(p)).count(),
        inserted_parts: all.iter().filter(|p| p.kind == Kind::Para && inserted(p)).count(),
        inserted_points: all.iter().filter(|p| digit_point(p) && inserted(p)).count(),
        repealed_articles: all.iter().filter(|p| p.kind == Kind::Article && p.repealed).count(),
    }
}

/// Imports a code and checks it against the counter, the expected figures, and the eIds read in the source.
fn check(
    file: &str,
    expected: Counts,
    eids: &[(&str, &str)],
    repealed: &[(&str, Option<&str>)],
) -> Expression {
    let source = html(file);
    let meta = Meta {
        work: "/akn/ru/act/2000-01-01/code".parse().unwrap(),
        language: "rus".parse().unwrap(),
        date: "2023-07-31".parse().unwrap(),
        title: None,
        source: format!("../shared/corpora/ru/html/{file}"),
    };
    let i = from_html(&source, &meta);
    let errors: Vec<_> = i.report.unplaced.iter().filter(|u| u.1.starts_with('E')).collect();
    assert!(errors.is_empty(), "{file}: {errors:?}");
    let e = i.expression.as_ref().unwrap();
    let counted = count(&source);
    println!(
        "{file}: {counted:?}; report: {:?} inserted {:?} repealed {:?}",
        i.report.provisions, i.report.inserted, i.report.repealed
    );
    assert_eq!(tree_counts(e), counted, "{file}: the tree against the independent counter");
    assert_eq!(counted, expected, "{file}: the counter against the figures written here");
    assert_eq!(i.report.words_in, i.report.words_out, "{file}: words in = words out");
    for (eid, start) in eids {
        // Containers nest (`sec_2__chp_14-1`): those are named by their last component.
        let p = e
            .find(eid)
            .or_else(|| e.walk().find(|p| p.kind.is_container() && p.eid.ends_with(&format!("__{eid}"))))
            .unwrap_or_else(|| panic!("{file}: no {eid}"));
        let text = p.heading.clone().unwrap_or_else(|| p.intro.first().cloned().unwrap_or_default());
        assert!(text.starts_with(start), "{file}: {eid} is {text:?}, not {start:?}…");
    }
    for (eid, by) in repealed {
        let p = e.find(eid).unwrap_or_else(|| panic!("{file}: no {eid}"));
        assert!(p.repealed, "{file}: {eid} is not repealed: {:?}", p.intro);
        assert_eq!(p.repealed_by.as_deref(), *by, "{file}: {eid}");
    }
    assert!(e.long_title.ends_with("кодекс Российской Федерации"), "{file}: title {:?}", e.long_title);
    // The corpus format writes the inserted numbers back in a notation that reads back to the same tree.
    let md = kanun_markdown::render(e);
    let back = kanun_markdown::parse(&md, None);
    let back = back.expression.unwrap_or_else(|| panic!("{file}: {:?}", &back.diagnostics[..3]));
    if back.body != e.body {
        let a: Vec<_> = e
            .walk()
            .map(|p| (p.eid.clone(), p.intro.clone(), p.heading.clone(), p.wrap_up.clone(), p.repealed))
            .collect();
        let b: Vec<_> = back
            .walk()
            .map(|p| (p.eid.clone(), p.intro.clone(), p.heading.clone(), p.wrap_up.clone(), p.repealed))
            .collect();
        let i = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        panic!(
            "{file}: the rendered corpus file reads back to another tree at {i}:\n{:?}\n{:?}",
            a.get(i),
            b.get(i)
        );
    }
    e.clone()
}

#[test]
fn urban_planning_code() {
    check(
        "Gradostroitelny_kodeks_RF__nd102090643.html",
        Counts {
            parts: 1513,
            points: 1428,
            articles: 141,
            inserted_articles: 71,
            inserted_parts: 287,
            inserted_points: 119,
            repealed_articles: 7,
        },
        &[
            // l. 893: «10¹) линейные объекты» in Article 1, whose points stand without parts.
            ("art_1__point_10-1", "линейные объекты"),
            // l. 970: Статья 5¹.
            ("art_5-1", "Общественные обсуждения"),
            // l. 1085: part 9¹ of Article 5².
            ("art_5-2__para_9-1", "При выполнении предусмотренных"),
            // l. 1258: Глава 2¹.
            ("chp_2-1", "Ценообразование и сметное нормирование"),
            // l. 2777, 2779: point 1¹ of the inserted part 21¹ of Article 51.
            ("art_51__para_21-1__point_1-1", "поступления предписания"),
        ],
        &[
            // l. 1111: «5) (Пункт утратил силу - Федеральный закон от 20.03.2011 № 41-ФЗ)».
            ("art_6__para_1__point_5", Some("Федеральный закон от 20.03.2011 № 41-ФЗ")),
            // l. 1518–1519: «Статья 17.» then «(Статья утратила силу - …)».
            ("art_17", Some("Федеральный закон от 20.03.2011 № 41-ФЗ")),
        ],
    );
}

#[test]
fn civil_code_part_one() {
    let e = check(
        "Grazhdansky_kodeks_RF_chast_1__nd102033239.html",
        Counts {
            parts: 1669,
            points: 220,
            articles: 590,
            inserted_articles: 154,
            inserted_parts: 12,
            inserted_points: 4,
            repealed_articles: 12,
        },
        &[
            // l. 911: part 2¹ of Article 3.
            ("art_3__para_2-1", "Внесение изменений в настоящий Кодекс"),
            // l. 948: point 1¹ of part 1 of Article 8.
            ("art_8__para_1__point_1-1", "из решений собраний"),
            // l. 959: Статья 8¹.
            ("art_8-1", "Государственная регистрация прав на имущество"),
            // l. 2711: Статья 142, right after «§ 1.» of a chapter (a paragraph of articles, not Article 1).
            ("art_142", "Ценные бумаги"),
            ("art_1", "Основные начала гражданского законодательства"),
        ],
        &[("art_293", Some("Федеральный закон от 21.12.2021 № 430-ФЗ"))],
    );
    // l. 2676: Глава 6¹, inside Section I and Subsection 3.
    assert!(e.walk().any(|p| p.kind == Kind::Chapter && p.eid.ends_with("__chp_6-1")));
    assert!(
        e.walk().any(|p| p.kind == Kind::Subchapter && p.heading.as_deref() == Some("Основные положения"))
    );
}

#[test]
fn civil_procedure_code() {
    check(
        "Grazhdansky_protsessualny_kodeks_RF__nd102078828.html",
        Counts {
            parts: 1274,
            points: 612,
            articles: 498,
            inserted_articles: 114,
            inserted_parts: 20,
            inserted_points: 7,
            repealed_articles: 15,
        },
        &[
            ("art_3__para_1-1", "Исковое заявление, заявление, жалоба"), // l. 896
            ("art_6-1", "Разумный срок судопроизводства"),               // l. 919
            ("art_16__para_1__point_1-1", "являлся судебным примирителем"), // l. 1012
            ("chp_14-1", "Примирительные процедуры. Мировое соглашение"), // l. 2164
            ("art_153-5", "Медиация"),
        ],
        &[
            ("art_22__para_1__point_3", Some("Федеральный закон от 08.03.2015 № 23-ФЗ")), // l. 1065
            ("art_381", Some("Федеральный закон от 28.11.2018 № 451-ФЗ")),                // l. 3861
        ],
    );
}

#[test]
fn forest_code() {
    check(
        "Lesnoy_kodeks_RF__nd102110364.html",
        Counts {
            parts: 847,
            points: 467,
            articles: 192,
            inserted_articles: 77,
            inserted_parts: 16,
            inserted_points: 25,
            repealed_articles: 15,
        },
        &[
            ("art_5-1", "Информация о лесах"),                           // l. 918
            ("chp_1-1", "Рубки и подсочка лесных насаждений"),           // l. 1116
            ("art_25__para_1__point_6-1", "осуществление рыболовства"),  // l. 1197
            ("art_30__para_4-1", "Древесина, заготовленная гражданами"), // l. 1261
            ("art_23-3", "Отвод и таксация лесосек"),
        ],
        // l. 1471: «2. (Часть утратила силу - Федеральный закон от 04.02.2021 № 3-ФЗ)» in Article 50³.
        &[("art_50-3__para_2", Some("Федеральный закон от 04.02.2021 № 3-ФЗ"))],
    );
}

#[test]
fn family_code() {
    check(
        "Semeyny_kodeks_RF__nd102038925.html",
        Counts {
            parts: 411,
            points: 17,
            articles: 177,
            inserted_articles: 7,
            inserted_parts: 0,
            inserted_points: 0,
            repealed_articles: 6,
        },
        &[
            ("art_126-1", "Недопустимость посреднической деятельности"), // l. 1763
            ("art_148-1", "Права и обязанности опекуна или попечителя"), // l. 1949
            ("art_155-3", "Права детей, оставшихся без попечения"),      // l. 2036
            ("art_5", "Применение семейного законодательства"),          // l. 908
            ("art_1__para_2", "Признается брак, заключенный только"),
        ],
        // l. 1935–1936: «Статья 147.» then a heading-styled «(Статья утратила силу - …)».
        &[("art_147", Some("Федеральный закон от 24.04.2008 № 49-ФЗ"))],
    );
}

#[test]
fn labour_code() {
    check(
        "Trudovoy_kodeks_RF__nd102074279.html",
        Counts {
            parts: 0,
            points: 127,
            articles: 529,
            inserted_articles: 105,
            inserted_parts: 0,
            inserted_points: 2,
            repealed_articles: 5,
        },
        &[
            ("art_19-1", "Трудовые отношения, возникающие на основании"), // l. 1099
            ("art_81__point_7-1", "непринятия работником мер"),           // l. 1939
            ("chp_48-1", "Особенности регулирования труда лиц"),          // l. 4111
            ("art_22-3", "Взаимодействие работодателя и работника"),
            ("art_348-11-1", ""),
        ],
        // l. 1944: «12) (Пункт утратил силу - Федеральный закон от 30.06.2006 № 90-ФЗ)».
        &[("art_81__point_12", Some("Федеральный закон от 30.06.2006 № 90-ФЗ"))],
    );
}

#[test]
fn water_code() {
    check(
        "Vodny_kodeks_RF__nd102107048.html",
        Counts {
            parts: 295,
            points: 282,
            articles: 78,
            inserted_articles: 9,
            inserted_parts: 8,
            inserted_points: 8,
            repealed_articles: 0,
        },
        &[
            ("art_1__point_12-1", "донный грунт"),                     // l. 894
            ("art_5__para_4-1", "Порядок определения местоположения"), // l. 956
            ("art_7-1", "Водохозяйственные мероприятия"),              // l. 979
            ("art_52-1-1", "Использование водных объектов для целей проведения археологических"),
            ("art_52-3", "Использование донного грунта"),
        ],
        // l. 888: «7) (Пункт утратил силу - Федеральный закон от 07.12.2011 № 417-ФЗ)» in Article 1.
        &[("art_1__point_7", Some("Федеральный закон от 07.12.2011 № 417-ФЗ"))],
    );
}

#[test]
fn air_code() {
    check(
        "Vozdushny_kodeks_RF__nd102046246.html",
        Counts {
            parts: 469,
            points: 182,
            articles: 158,
            inserted_articles: 21,
            inserted_parts: 40,
            inserted_points: 2,
            repealed_articles: 8,
        },
        &[
            ("art_7-1", "Объекты инфраструктуры воздушного транспорта"), // l. 914
            ("art_8__para_1__point_2-1", "беспилотные авиационные системы"), // l. 931
            ("art_8__para_3-1", "В случаях, предусмотренных Федеральным законо"), // l. 939
            ("art_8-3", "Обязательная сертификация светосигнального"),
            ("art_53-3", "Автоматизированная централизованная база"),
        ],
        &[("art_27", Some("Федеральный закон от 18.07.2011 № 242-ФЗ"))], // l. 1120
    );
}

#[test]
fn land_code() {
    check(
        "Zemelny_kodeks_RF__nd102073184.html",
        Counts {
            parts: 981,
            points: 1001,
            articles: 192,
            inserted_articles: 85,
            inserted_parts: 48,
            inserted_points: 35,
            repealed_articles: 26,
        },
        &[
            ("art_9__para_1__point_3-1", "осуществление государственного земельного"), // l. 984
            ("art_9-1", "Передача осуществления полномочий"),                          // l. 991
            ("art_11-2__para_1-1", "Земельные участки образуются при создании"),       // l. 1021
            ("chp_5-7", "УСТАНОВЛЕНИЕ ПУБЛИЧНОГО СЕРВИТУТА"),                          // l. 2338: Глава V⁷
            ("art_39-36-1", ""),
        ],
        &[("art_11-1", Some("Федеральный закон от 23.06.2014 № 171-ФЗ"))], // l. 1016
    );
}
