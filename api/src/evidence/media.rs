//! What the server learns from a file, off the request path: image dimensions, a thumbnail,
//! EXIF capture time and GPS position; the duration of MP4/MOV video and WAV audio. The
//! original bytes are only read; derived files go under `derived/`.
//!
//! EXIF is read with `kamadak-exif`, since `image` decodes pixels but exposes no EXIF fields;
//! it reads only the EXIF segment of a JPEG, never the pixels.

use super::store::{BlobStore, thumbnail_key};
use crate::db::evidence::{self as items, Evidence, Media};
use crate::db::{self};
use crate::error::ApiError;
use crate::state::AppState;
use custos_core::digest::Sha256Digest;
use custos_core::rules::LocalDate;
use std::io::{Cursor, Read};

/// Longest side of a thumbnail, in pixels.
pub const THUMBNAIL_MAX_PX: u32 = 320;
/// Images larger than this are described but not decoded.
const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;
/// Memory the image decoder may allocate: a 48-megapixel RGB photo needs about 150 MB.
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;
/// How long a node holds a claimed item before another may take it over.
const LEASE_US: i64 = 5 * 60 * 1_000_000;
const MAX_ATTEMPTS: i32 = 3;

/// Analyses one pending item, if any; `false` when there was none.
pub async fn analyse_next(state: &AppState) -> bool {
    let now_us = crate::clock::now_us();
    let claimed = db::run(&state.pool, move |conn| {
        items::claim_media_job(conn, now_us, now_us + LEASE_US, MAX_ATTEMPTS)
            .map_err(ApiError::from)
    })
    .await;
    let (item, media_row) = match claimed {
        Ok(Some(claimed)) => claimed,
        Ok(None) => return false,
        Err(error) => {
            tracing::warn!(%error, "claiming media work failed");
            return false;
        }
    };
    let blobs = state.evidence.blobs.clone();
    let bound_us = state.config.evidence.clock_skew_bound_us;
    let utc_offset_minutes = state.config.evidence.exif_utc_offset_minutes;
    let job = item.clone();
    let analysed = actix_web::web::block(move || {
        analyse(&blobs, &job, media_row, bound_us, utc_offset_minutes)
    })
    .await
    .map_err(|error| error.to_string())
    .and_then(|result| result);
    let id = item.id.clone();
    let give_up = attempts_after_claim(&state.pool, &id).await >= MAX_ATTEMPTS;
    let recorded = db::run(&state.pool, move |conn| {
        match &analysed {
            Ok((findings, skew_flagged)) => db::write_transaction(conn, |conn| {
                // The flag and its attention item commit together.
                if *skew_flagged {
                    let now_us = crate::clock::now_us();
                    crate::supervision::evidence::skew_flagged(conn, &item, now_us)?;
                }
                items::record_media(conn, findings, *skew_flagged)
            })?,
            Err(error) => items::record_media_failure(conn, &id, error, give_up)?,
        }
        Ok(())
    })
    .await;
    if let Err(error) = recorded {
        tracing::warn!(%error, "recording media findings failed");
    }
    true
}

/// The kinds of file custos knows how to describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Image,
    Mp4,
    Wav,
    Other,
}

fn sniff(head: &[u8]) -> Format {
    if head.starts_with(&[0xff, 0xd8, 0xff]) || head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Format::Image
    } else if head.len() >= 8 && &head[4..8] == b"ftyp" {
        Format::Mp4
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WAVE" {
        Format::Wav
    } else {
        Format::Other
    }
}

async fn attempts_after_claim(pool: &crate::db::DbPool, id: &str) -> i32 {
    let id = id.to_owned();
    db::run(pool, move |conn| Ok(items::media_of(conn, &id)?))
        .await
        .ok()
        .flatten()
        .map_or(MAX_ATTEMPTS, |media_row| media_row.attempts)
}

/// Findings, and whether the EXIF time disagrees with the declared capture time.
fn analyse(
    blobs: &BlobStore,
    item: &Evidence,
    mut findings: Media,
    bound_us: i64,
    utc_offset_minutes: i32,
) -> Result<(Media, bool), String> {
    let key = item.blob_key.as_deref().ok_or("item has no bytes")?;
    let size = item.size as u64;
    let read = |start: u64, len: u64| -> Result<Vec<u8>, String> {
        let end = (start + len).min(size);
        let mut bytes = Vec::with_capacity((end.saturating_sub(start)) as usize);
        blobs
            .read_range(key, start..end)
            .and_then(|mut reader| reader.read_to_end(&mut bytes))
            .map_err(|error| format!("reading the item: {error}"))?;
        Ok(bytes)
    };
    let head = read(0, 16)?;
    match sniff(&head) {
        Format::Image if size <= MAX_IMAGE_BYTES => {
            let bytes = read(0, size)?;
            describe_image(&bytes, &mut findings)?;
            if let Ok(digest) = Sha256Digest::from_hex(&item.sha256)
                && let Some(thumbnail) = thumbnail(&bytes)?
            {
                let key = thumbnail_key(&digest);
                blobs
                    .put_small(&key, thumbnail)
                    .map_err(|error| format!("storing the thumbnail: {error}"))?;
                findings.thumbnail_key = Some(key);
            }
            read_exif(&bytes, utc_offset_minutes, &mut findings);
        }
        Format::Mp4 => findings.duration_us = mp4_duration_us(&read, size)?,
        Format::Wav => findings.duration_us = wav_duration_us(&read(0, 4096)?),
        Format::Image | Format::Other => {}
    }
    let mut skew_flagged = false;
    if let (Some(exif), Some(declared)) = (findings.exif_captured_at_us, item.captured_at_us) {
        let skew = exif - declared;
        findings.exif_skew_us = Some(skew);
        skew_flagged = skew.abs() > bound_us;
    }
    Ok((findings, skew_flagged))
}

fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    limits
}

fn describe_image(bytes: &[u8], findings: &mut Media) -> Result<(), String> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| error.to_string())?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|error| error.to_string())?;
    findings.width = i32::try_from(width).ok();
    findings.height = i32::try_from(height).ok();
    Ok(())
}

/// A JPEG of at most [`THUMBNAIL_MAX_PX`] on its longest side; `None` if the image cannot be
/// decoded within the memory limit.
fn thumbnail(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| error.to_string())?;
    reader.limits(limits());
    let Ok(decoded) = reader.decode() else {
        return Ok(None);
    };
    let small = decoded
        .thumbnail(THUMBNAIL_MAX_PX, THUMBNAIL_MAX_PX)
        .into_rgb8();
    let mut encoded = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut encoded, 80)
        .encode_image(&small)
        .map_err(|error| error.to_string())?;
    Ok(Some(encoded))
}

/// EXIF DateTimeOriginal (with OffsetTimeOriginal, else the configured offset) and GPS.
fn read_exif(bytes: &[u8], utc_offset_minutes: i32, findings: &mut Media) {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return;
    };
    let ascii = |tag| match exif
        .get_field(tag, exif::In::PRIMARY)
        .map(|field| &field.value)
    {
        Some(exif::Value::Ascii(values)) => values.first().cloned(),
        _ => None,
    };
    if let Some(text) = ascii(exif::Tag::DateTimeOriginal)
        && let Ok(mut time) = exif::DateTime::from_ascii(&text)
    {
        if let Some(offset) = ascii(exif::Tag::OffsetTimeOriginal) {
            let _ = time.parse_offset(&offset);
        }
        if let Some(subsec) = ascii(exif::Tag::SubSecTimeOriginal) {
            let _ = time.parse_subsec(&subsec);
        }
        let offset_minutes = time.offset.map_or(utc_offset_minutes, i32::from);
        findings.exif_captured_at_us = exif_time_us(&time, offset_minutes);
    }
    let coordinate = |value_tag, ref_tag, negative: &[u8]| -> Option<i32> {
        let exif::Value::Rational(parts) = &exif.get_field(value_tag, exif::In::PRIMARY)?.value
        else {
            return None;
        };
        let e7 = degrees_e7(parts)?;
        let reference = ascii(ref_tag)?;
        Some(if reference.as_slice() == negative {
            -e7
        } else {
            e7
        })
    };
    findings.lat_e7 = coordinate(exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, b"S");
    findings.lon_e7 = coordinate(exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, b"W");
}

/// Degrees, minutes, seconds as rationals to integer 1e-7 degrees, rounded half up, in
/// integer arithmetic (no float ever reaches a stored coordinate).
pub fn degrees_e7(parts: &[exif::Rational]) -> Option<i32> {
    if parts.len() != 3 || parts.iter().any(|part| part.denom == 0) {
        return None;
    }
    // value = d + m/60 + s/3600 = (d*3600 + m*60 + s) / 3600, each over its denominator.
    let [d, m, s] = [&parts[0], &parts[1], &parts[2]];
    let denominator = i128::from(d.denom) * i128::from(m.denom) * i128::from(s.denom) * 3600;
    let numerator = i128::from(d.num) * i128::from(m.denom) * i128::from(s.denom) * 3600
        + i128::from(m.num) * i128::from(d.denom) * i128::from(s.denom) * 60
        + i128::from(s.num) * i128::from(d.denom) * i128::from(m.denom);
    let e7 = (numerator * 10_000_000 * 2 + denominator) / (denominator * 2);
    i32::try_from(e7).ok().filter(|&e7| e7 <= 1_800_000_000)
}

/// Microseconds since the Unix epoch of a civil time at `offset_minutes` east of UTC.
fn exif_time_us(time: &exif::DateTime, offset_minutes: i32) -> Option<i64> {
    let date = LocalDate::from_ymd(
        i32::from(time.year),
        u32::from(time.month),
        u32::from(time.day),
    )?;
    if time.hour >= 24 || time.minute >= 60 || time.second >= 61 {
        return None;
    }
    let seconds =
        i64::from(time.hour) * 3600 + i64::from(time.minute) * 60 + i64::from(time.second);
    Some(
        date.start_us(offset_minutes)
            + seconds * 1_000_000
            + i64::from(time.nanosecond.unwrap_or(0) / 1000),
    )
}

/// Duration from the `mvhd` box of an ISO base media file (MP4, MOV), reading only box
/// headers and the `moov` box.
fn mp4_duration_us(
    read: &dyn Fn(u64, u64) -> Result<Vec<u8>, String>,
    size: u64,
) -> Result<Option<i64>, String> {
    let mut position = 0;
    while position + 8 <= size {
        let header = read(position, 16)?;
        let (box_size, header_len) = box_size(&header, size - position);
        if box_size < header_len {
            return Ok(None);
        }
        if &header[4..8] == b"moov" {
            let moov = read(position + header_len, (box_size - header_len).min(16 << 20))?;
            return Ok(find_mvhd_duration(&moov));
        }
        position += box_size;
    }
    Ok(None)
}

fn box_size(header: &[u8], remaining: u64) -> (u64, u64) {
    let short = u64::from(u32::from_be_bytes(
        header[0..4].try_into().expect("4 bytes"),
    ));
    match short {
        0 => (remaining, 8),
        1 if header.len() >= 16 => (
            u64::from_be_bytes(header[8..16].try_into().expect("8 bytes")),
            16,
        ),
        1 => (0, 16),
        n => (n, 8),
    }
}

fn find_mvhd_duration(moov: &[u8]) -> Option<i64> {
    let mut position = 0usize;
    while position + 8 <= moov.len() {
        let size = u32::from_be_bytes(moov[position..position + 4].try_into().ok()?) as usize;
        if &moov[position + 4..position + 8] == b"mvhd" {
            let body = moov.get(position + 8..position + size.max(8))?;
            let (timescale, duration) = match body.first()? {
                0 => (
                    u64::from(u32::from_be_bytes(body.get(12..16)?.try_into().ok()?)),
                    u64::from(u32::from_be_bytes(body.get(16..20)?.try_into().ok()?)),
                ),
                1 => (
                    u64::from(u32::from_be_bytes(body.get(20..24)?.try_into().ok()?)),
                    u64::from_be_bytes(body.get(24..32)?.try_into().ok()?),
                ),
                _ => return None,
            };
            if timescale == 0 {
                return None;
            }
            return i64::try_from(u128::from(duration) * 1_000_000 / u128::from(timescale)).ok();
        }
        if size < 8 {
            return None;
        }
        position += size;
    }
    None
}

/// Duration of PCM WAV audio: data bytes over the byte rate of its `fmt ` chunk.
fn wav_duration_us(header: &[u8]) -> Option<i64> {
    let mut position = 12usize;
    let mut byte_rate = None;
    while position + 8 <= header.len() {
        let id = &header[position..position + 4];
        let size = u32::from_le_bytes(header[position + 4..position + 8].try_into().ok()?) as u64;
        if id == b"fmt " {
            byte_rate = Some(u32::from_le_bytes(
                header.get(position + 16..position + 20)?.try_into().ok()?,
            ));
        } else if id == b"data" {
            let rate = u64::from(byte_rate.filter(|&rate| rate > 0)?);
            return i64::try_from(u128::from(size) * 1_000_000 / u128::from(rate)).ok();
        }
        position += 8 + size as usize + (size as usize & 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rational(num: u32, denom: u32) -> exif::Rational {
        exif::Rational { num, denom }
    }

    #[test]
    fn coordinates_are_exact_integers() {
        // 39°54'26.76" = 39.9074333… degrees (Tiananmen Square's latitude).
        let parts = [rational(39, 1), rational(54, 1), rational(2676, 100)];
        assert_eq!(degrees_e7(&parts), Some(399_074_333));
        let parts = [rational(116, 1), rational(23, 1), rational(2952, 100)];
        assert_eq!(degrees_e7(&parts), Some(1_163_915_333));
        assert_eq!(
            degrees_e7(&[rational(1, 0), rational(0, 1), rational(0, 1)]),
            None
        );
        assert_eq!(
            degrees_e7(&[rational(181, 1), rational(0, 1), rational(0, 1)]),
            None
        );
    }

    #[test]
    fn exif_times_use_their_offset() {
        let mut time = exif::DateTime::from_ascii(b"2024:02:29 08:00:00").unwrap();
        // 2024-02-29T00:00:00Z is day 19782 since the epoch.
        assert_eq!(exif_time_us(&time, 480), Some(19_782 * 86_400 * 1_000_000));
        time.parse_offset(b"+00:00").unwrap();
        assert_eq!(time.offset, Some(0));
        let invalid = exif::DateTime::from_ascii(b"2023:02:29 08:00:00").unwrap();
        assert_eq!(exif_time_us(&invalid, 0), None);
    }

    #[test]
    fn wav_and_mp4_durations() {
        // 1 s of 8 kHz 16-bit mono: byte rate 16000, 16000 data bytes.
        let mut wav =
            b"RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1f\0\0\x80\x3e\0\0\x02\0\x10\0data"
                .to_vec();
        wav.extend_from_slice(&16_000u32.to_le_bytes());
        assert_eq!(wav_duration_us(&wav), Some(1_000_000));
        // moov > mvhd version 0 with timescale 1000 and duration 2500.
        let mut mvhd = vec![0u8; 100];
        mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes());
        mvhd[16..20].copy_from_slice(&2500u32.to_be_bytes());
        let mut moov = (108u32).to_be_bytes().to_vec();
        moov.extend_from_slice(b"mvhd");
        moov.extend_from_slice(&mvhd);
        assert_eq!(find_mvhd_duration(&moov), Some(2_500_000));
    }
}
