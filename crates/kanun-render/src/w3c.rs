//! Annotations as W3C Web Annotations (JSON-LD, https://www.w3.org/TR/annotation-model/), losslessly: the
//! standard terms carry what they can (body, tags, creator, dates, target source and selectors, motivation) and
//! Kanun's own properties (`kanun:` prefix) carry the rest, so that [`from_w3c`] gives back the same annotation.

use kanun_model::annotation::{
    Annotation, AnnotationType, Link, PositionSelector, QuoteSelector, Reply, Target,
};
use serde_json::{Value, json};

/// The JSON-LD context: the W3C annotation vocabulary plus Kanun's namespace.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

fn motivation(t: AnnotationType) -> &'static str {
    match t {
        AnnotationType::Comment => "commenting",
        AnnotationType::Gap | AnnotationType::Conflict => "assessing",
        AnnotationType::Recommendation | AnnotationType::Editorial => "editing",
        AnnotationType::Question => "questioning",
    }
}

/// One annotation as a W3C Web Annotation.
pub fn to_w3c(a: &Annotation) -> Value {
    let mut bodies = vec![
        json!({ "type": "TextualBody", "purpose": motivation(a.kind), "value": a.body, "format": "text/markdown" }),
    ];
    bodies.extend(a.tags.iter().map(|t| json!({ "type": "TextualBody", "purpose": "tagging", "value": t })));
    let mut selectors = Vec::new();
    if let Some(q) = &a.target.quote {
        selectors.push(
            json!({ "type": "TextQuoteSelector", "exact": q.exact, "prefix": q.prefix, "suffix": q.suffix }),
        );
    }
    if let Some(p) = &a.target.position {
        selectors.push(json!({ "type": "TextPositionSelector", "start": p.start, "end": p.end }));
    }
    json!({
        "@context": [CONTEXT, { "kanun": "https://kanun.invalid/ns#" }],
        "id": format!("urn:uuid:{}", a.id),
        "type": "Annotation",
        "motivation": motivation(a.kind),
        "creator": { "type": "Person", "name": a.author },
        "created": a.created,
        "modified": a.modified,
        "body": bodies,
        "target": {
            "source": format!("{}#{}", a.target.expression, a.target.eid),
            "selector": selectors,
        },
        "kanun:type": a.kind,
        "kanun:status": a.status,
        "kanun:priority": a.priority,
        "kanun:revision": a.revision,
        "kanun:work": a.target.work,
        "kanun:wid": a.target.wid,
        "kanun:contentHash": a.target.content_hash,
        "kanun:replies": a.replies,
        "kanun:links": a.links,
        "kanun:deleted": a.deleted,
    })
}

fn field<T: serde::de::DeserializeOwned>(v: &Value, key: &str) -> Result<T, String> {
    serde_json::from_value(v.get(key).cloned().unwrap_or(Value::Null)).map_err(|e| format!("{key}: {e}"))
}

fn string(v: &Value, key: &str) -> Result<String, String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("{key}: missing or not a string"))
}

/// Reads back an annotation written by [`to_w3c`].
pub fn from_w3c(v: &Value) -> Result<Annotation, String> {
    let id = string(v, "id")?.trim_start_matches("urn:uuid:").to_string();
    let target = v.get("target").ok_or("target: missing")?;
    let source = string(target, "source")?;
    let (expression, eid) = source.split_once('#').ok_or("target.source: expected <expression>#<eId>")?;
    let selectors = target.get("selector").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut quote = None;
    let mut position = None;
    for s in &selectors {
        match s.get("type").and_then(Value::as_str) {
            Some("TextQuoteSelector") => {
                quote = Some(QuoteSelector {
                    exact: string(s, "exact")?,
                    prefix: string(s, "prefix")?,
                    suffix: string(s, "suffix")?,
                })
            }
            Some("TextPositionSelector") => {
                position = Some(PositionSelector { start: field(s, "start")?, end: field(s, "end")? })
            }
            _ => return Err("target.selector: unknown selector type".into()),
        }
    }
    let bodies = v.get("body").and_then(Value::as_array).cloned().unwrap_or_default();
    let body = bodies
        .iter()
        .find(|b| b.get("purpose").and_then(Value::as_str) != Some("tagging"))
        .map(|b| string(b, "value"))
        .transpose()?
        .unwrap_or_default();
    let tags = bodies
        .iter()
        .filter(|b| b.get("purpose").and_then(Value::as_str) == Some("tagging"))
        .map(|b| string(b, "value"))
        .collect::<Result<Vec<_>, _>>()?;
    let replies: Vec<Reply> = field(v, "kanun:replies")?;
    let links: Vec<Link> = field(v, "kanun:links")?;
    Ok(Annotation {
        id,
        target: Target {
            work: field(v, "kanun:work")?,
            expression: expression.parse().map_err(|e| format!("target.source: {e}"))?,
            wid: string(v, "kanun:wid")?,
            eid: eid.to_string(),
            quote,
            position,
            content_hash: field(v, "kanun:contentHash")?,
        },
        kind: field(v, "kanun:type")?,
        status: field(v, "kanun:status")?,
        priority: field(v, "kanun:priority")?,
        tags,
        author: v
            .pointer("/creator/name")
            .and_then(Value::as_str)
            .ok_or("creator.name: missing")?
            .to_string(),
        created: string(v, "created")?,
        modified: string(v, "modified")?,
        revision: field(v, "kanun:revision")?,
        body,
        replies,
        links,
        deleted: field(v, "kanun:deleted")?,
    })
}

/// Annotations as a W3C AnnotationCollection with one page.
pub fn collection(label: &str, list: &[Annotation]) -> Value {
    json!({
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "total": list.len(),
        "first": { "type": "AnnotationPage", "items": list.iter().map(to_w3c).collect::<Vec<_>>() },
    })
}
