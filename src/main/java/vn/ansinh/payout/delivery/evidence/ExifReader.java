package vn.ansinh.payout.delivery.evidence;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;

/**
 * Reads the three facts the service wants from a photo's EXIF block (a TIFF structure: the data of a JPEG
 * {@code APP1 "Exif"} segment after its six-byte header, or of a PNG {@code eXIf} chunk) and nothing else:
 * the capture time (DateTimeOriginal with OffsetTimeOriginal) and the GPS position.
 *
 * <p>Outside bytes, so the walk is bounded by construction: it reads IFD0 and the two IFDs it points to
 * (Exif and GPS) and never follows any other pointer (no IFD chains, no maker notes, no thumbnails), every
 * offset and count is checked against the block before it is used, and nothing is allocated beyond a value
 * of a few dozen bytes. Anything malformed leaves the fact missing, never an exception: EXIF is a hint for
 * the reviewer, not a reason to refuse a photo. (metadata-extractor, which did this before, inflated
 * compressed text and ICC chunks without a bound and allocated arrays of declared sizes.)
 */
final class ExifReader {

    /** What the photo says; any of the three may be null. */
    record Facts(OffsetDateTime capturedAt, Double latitude, Double longitude) {
        static final Facts NONE = new Facts(null, null, null);
    }

    /** EXIF times without an offset are local times of the phone, which is in Viet Nam. */
    private static final ZoneId LOCAL_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter EXIF_DATE_TIME = DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int EXIF_DATE_TIME_LENGTH = 19;
    /** More entries than any camera writes in one IFD; a larger count is a damaged or hostile block. */
    private static final int MAX_ENTRIES = 512;
    /** The longest ASCII value read (a date is 20 bytes, an offset 7). */
    private static final int MAX_ASCII = 64;

    private static final int TAG_EXIF_IFD = 0x8769;
    private static final int TAG_GPS_IFD = 0x8825;
    private static final int TAG_DATETIME_ORIGINAL = 0x9003;
    private static final int TAG_OFFSET_TIME_ORIGINAL = 0x9011;
    private static final int TAG_GPS_LATITUDE_REF = 1;
    private static final int TAG_GPS_LATITUDE = 2;
    private static final int TAG_GPS_LONGITUDE_REF = 3;
    private static final int TAG_GPS_LONGITUDE = 4;

    private static final int ASCII = 2;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;
    private static final int IFD = 13;

    private final byte[] d;
    private final int base;
    private final int length;
    private final boolean littleEndian;

    private ExifReader(byte[] d, int base, int length, boolean littleEndian) {
        this.d = d;
        this.base = base;
        this.length = length;
        this.littleEndian = littleEndian;
    }

    /** The facts of the TIFF block at {@code d[offset .. offset + length)}. */
    static Facts read(byte[] d, int offset, int length) {
        if (d == null || offset < 0 || length < 8 || offset > d.length - length) {
            return Facts.NONE;
        }
        boolean little;
        if (d[offset] == 'I' && d[offset + 1] == 'I') {
            little = true;
        } else if (d[offset] == 'M' && d[offset + 1] == 'M') {
            little = false;
        } else {
            return Facts.NONE;
        }
        ExifReader r = new ExifReader(d, offset, length, little);
        if (r.u16(2) != 42) {
            return Facts.NONE;
        }
        long ifd0 = r.u32(4);
        long exifIfd = r.pointer(ifd0, TAG_EXIF_IFD);
        long gpsIfd = r.pointer(ifd0, TAG_GPS_IFD);
        OffsetDateTime capturedAt = null;
        if (exifIfd >= 0) {
            LocalDateTime local = exifDateTime(r.ascii(r.entry(exifIfd, TAG_DATETIME_ORIGINAL)));
            if (local != null) {
                ZoneOffset zone = exifOffset(r.ascii(r.entry(exifIfd, TAG_OFFSET_TIME_ORIGINAL)));
                capturedAt = zone != null ? local.atOffset(zone) : local.atZone(LOCAL_ZONE).toOffsetDateTime();
            }
        }
        Double latitude = null;
        Double longitude = null;
        if (gpsIfd >= 0) {
            Double lat = r.coordinate(gpsIfd, TAG_GPS_LATITUDE, TAG_GPS_LATITUDE_REF, 'N', 'S', 90);
            Double lon = r.coordinate(gpsIfd, TAG_GPS_LONGITUDE, TAG_GPS_LONGITUDE_REF, 'E', 'W', 180);
            // (0, 0) is what phones without a fix write, so it counts as none
            if (lat != null && lon != null && !(lat == 0 && lon == 0)) {
                latitude = lat;
                longitude = lon;
            }
        }
        return new Facts(capturedAt, latitude, longitude);
    }

    /** The IFD a pointer tag of {@code ifd} names, or -1. */
    private long pointer(long ifd, int tag) {
        int entry = entry(ifd, tag);
        if (entry < 0) {
            return -1;
        }
        int type = u16(entry + 2);
        if ((type != LONG && type != IFD) || u32(entry + 4) != 1) {
            return -1;
        }
        long target = u32(entry + 8);
        return target == ifd ? -1 : target; // an IFD pointing at itself is not followed
    }

    /** The position of {@code tag}'s 12-byte entry in the IFD at {@code ifd}, or -1. */
    private int entry(long ifd, int tag) {
        if (ifd < 8 || ifd > length - 2) {
            return -1;
        }
        int count = u16((int) ifd);
        if (count > MAX_ENTRIES || ifd + 2 + 12L * count > length) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            int at = (int) ifd + 2 + 12 * i;
            if (u16(at) == tag) {
                return at;
            }
        }
        return -1;
    }

    /** Where an entry's value is: inline in the entry when it fits in four bytes, else at its offset; -1 if outside. */
    private int value(int entry, int unitSize, long minCount) {
        long count = u32(entry + 4);
        if (count < minCount || count > MAX_ASCII) {
            return -1;
        }
        long size = count * unitSize;
        if (size <= 4) {
            return entry + 8;
        }
        long offset = u32(entry + 8);
        return offset + size <= length ? (int) offset : -1;
    }

    private String ascii(int entry) {
        if (entry < 0 || u16(entry + 2) != ASCII) {
            return null;
        }
        int at = value(entry, 1, 1);
        if (at < 0) {
            return null;
        }
        int count = (int) u32(entry + 4);
        int end = at;
        while (end < at + count && d[base + end] != 0) {
            end++;
        }
        return new String(d, base + at, end - at, US_ASCII);
    }

    /** Degrees, minutes, seconds (three rationals) signed by the reference letter; null if anything is off. */
    private Double coordinate(long ifd, int tag, int refTag, char positive, char negative, double range) {
        String ref = ascii(entry(ifd, refTag));
        int entry = entry(ifd, tag);
        if (ref == null || ref.isEmpty() || entry < 0 || u16(entry + 2) != RATIONAL) {
            return null;
        }
        int at = value(entry, 8, 3);
        if (at < 0) {
            return null;
        }
        double value = 0;
        double unit = 1;
        for (int i = 0; i < 3; i++) {
            long numerator = u32(at + 8 * i);
            long denominator = u32(at + 8 * i + 4);
            if (denominator == 0) {
                return null;
            }
            value += (double) numerator / denominator / unit;
            unit *= 60;
        }
        char letter = Character.toUpperCase(ref.charAt(0));
        if (letter != positive && letter != negative) {
            return null;
        }
        double signed = letter == negative ? -value : value;
        return Math.abs(signed) <= range ? signed : null;
    }

    private int u16(int at) {
        if (at < 0 || at > length - 2) {
            return -1;
        }
        int a = d[base + at] & 0xFF;
        int b = d[base + at + 1] & 0xFF;
        return littleEndian ? b << 8 | a : a << 8 | b;
    }

    private long u32(int at) {
        if (at < 0 || at > length - 4) {
            return -1;
        }
        long hi = u16(littleEndian ? at + 2 : at);
        long lo = u16(littleEndian ? at : at + 2);
        return hi << 16 | lo;
    }

    /** "yyyy:MM:dd HH:mm:ss"; cameras without a clock write zeros or blanks, which give null. */
    private static LocalDateTime exifDateTime(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.length() < EXIF_DATE_TIME_LENGTH) {
            return null;
        }
        try {
            return LocalDateTime.parse(trimmed.substring(0, EXIF_DATE_TIME_LENGTH), EXIF_DATE_TIME);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** OffsetTimeOriginal, e.g. "+07:00". */
    private static ZoneOffset exifOffset(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ZoneOffset.of(text.strip());
        } catch (DateTimeException e) {
            return null;
        }
    }
}
