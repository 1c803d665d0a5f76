package vn.ansinh.payout.delivery.evidence;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Photos built in memory for tests and benchmarks, so that no binary fixture has to be kept in the
 * repository. The same arguments always give the same bytes.
 */
public final class TestImages {

    private static final float JPEG_QUALITY = 0.85f;
    /** Per-channel noise amplitude: at this quality about 0.23 bytes a pixel, so 12 MP give ~2.7 MB like a phone photo. */
    private static final int NOISE = 16;
    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    private static final DateTimeFormatter EXIF_DATE_TIME = DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss");
    private static final DateTimeFormatter EXIF_OFFSET = DateTimeFormatter.ofPattern("xxx"); // "+07:00"

    private static final short TIFF_ASCII = 2;
    private static final short TIFF_LONG = 4;
    private static final short TIFF_RATIONAL = 5;
    /** GPS rationals are written in units of 1/10 000 of an arc second: about 3 mm. */
    private static final int SECOND_FRACTIONS = 10_000;

    private TestImages() {
    }

    /** A JPEG written by ImageIO; the picture is noisy so that it compresses about as a phone photo does. */
    public static byte[] jpeg(int width, int height, long seed) {
        return writeJpeg(picture(width, height, seed));
    }

    /** A PNG written by ImageIO of the same kind of picture as {@link #jpeg}. */
    public static byte[] png(int width, int height, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(picture(width, height, seed), "png", out)) {
                throw new IllegalStateException("No PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * {@link #jpeg} with an Exif APP1 segment right after SOI, as a phone writes it: DateTimeOriginal and a
     * GPS position, no OffsetTimeOriginal (so the time is the phone's local time).
     */
    public static byte[] jpegWithExif(int width, int height, long seed, LocalDateTime takenAt, double latitude,
            double longitude) {
        return jpegWithExif(width, height, seed, takenAt, null, latitude, longitude);
    }

    /** As the overload above, with OffsetTimeOriginal when {@code offset} is not null. */
    public static byte[] jpegWithExif(int width, int height, long seed, LocalDateTime takenAt, ZoneOffset offset,
            double latitude, double longitude) {
        byte[] plain = jpeg(width, height, seed);
        byte[] app1 = exifSegment(takenAt, offset, latitude, longitude);
        return ByteBuffer.allocate(plain.length + app1.length)
                .put(plain, 0, 2).put(app1).put(plain, 2, plain.length - 2)
                .array();
    }

    /** {@link #png} with a {@code tEXt} chunk (keyword and Latin-1 text) right after IHDR. */
    public static byte[] pngWithText(int width, int height, long seed, String keyword, String text) {
        byte[] plain = png(width, height, seed);
        byte[] data = (keyword + '\0' + text).getBytes(ISO_8859_1);
        byte[] chunk = pngChunk("tEXt", data);
        int afterHeader = PNG_SIGNATURE.length + 12 + 13;
        return ByteBuffer.allocate(plain.length + chunk.length)
                .put(plain, 0, afterHeader).put(chunk).put(plain, afterHeader, plain.length - afterHeader)
                .array();
    }

    /**
     * A well-formed PNG that claims {@code width} × {@code height} pixels but holds a few bytes of image
     * data: what a decompression bomb looks like before it is decoded.
     */
    public static byte[] pngWithHugeHeader(int width, int height) {
        byte[] header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0) // 8-bit RGB, no interlace
                .array();
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[64]);
        deflater.finish();
        byte[] compressed = new byte[128];
        int compressedLength = deflater.deflate(compressed);
        deflater.end();
        byte[] idat = new byte[compressedLength];
        System.arraycopy(compressed, 0, idat, 0, compressedLength);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        out.writeBytes(pngChunk("IHDR", header));
        out.writeBytes(pngChunk("IDAT", idat));
        out.writeBytes(pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /**
     * A JPEG of about {@code approxBytes} (within a few percent for sizes from some tens of kB up): the
     * bytes per pixel are measured on a sample, the frame (4:3) sized from them and corrected once or twice.
     */
    public static byte[] sizedJpeg(int approxBytes, long seed) {
        byte[] sample = jpeg(400, 300, seed);
        double bytesPerPixel = sample.length / (400.0 * 300.0);
        byte[] best = sample;
        for (int attempt = 0; attempt < 3; attempt++) {
            double pixels = approxBytes / bytesPerPixel;
            int width = Math.max(16, (int) Math.round(Math.sqrt(pixels * 4 / 3)));
            int height = Math.max(16, width * 3 / 4);
            byte[] candidate = jpeg(width, height, seed);
            if (Math.abs(candidate.length - approxBytes) < Math.abs(best.length - approxBytes)) {
                best = candidate;
            }
            if (Math.abs(candidate.length - approxBytes) <= approxBytes * 0.03) {
                break;
            }
            bytesPerPixel = candidate.length / ((double) width * height);
        }
        return best;
    }

    /** A PNG chunk with its length and CRC. */
    public static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length)
                .putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue())
                .array();
    }

    /** Smooth colour gradients with per-pixel noise: neither flat (tiny files) nor pure noise (huge files). */
    private static BufferedImage picture(int width, int height, long seed) {
        Random random = new Random(seed);
        double phase = random.nextDouble() * Math.PI * 2;
        double waveX = 20 + random.nextInt(40);
        double waveY = 20 + random.nextInt(40);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = 255 * x / width + noise(random);
                int green = 255 * y / height + noise(random);
                int blue = (int) (128 + 100 * Math.sin(x / waveX + y / waveY + phase)) + noise(random);
                row[x] = clamp(red) << 16 | clamp(green) << 8 | clamp(blue);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int noise(Random random) {
        return random.nextInt(2 * NOISE + 1) - NOISE;
    }

    private static int clamp(int channel) {
        return Math.max(0, Math.min(255, channel));
    }

    private static byte[] writeJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * An APP1 "Exif" segment holding a big-endian TIFF structure: IFD0 with pointers to the Exif IFD
     * (DateTimeOriginal, optionally OffsetTimeOriginal) and to the GPS IFD (latitude and longitude as
     * degrees, minutes, seconds with their N/S and E/W references). Values longer than 4 bytes are stored
     * after each IFD and referenced by their offset from the TIFF header.
     */
    private static byte[] exifSegment(LocalDateTime takenAt, ZoneOffset offset, double latitude, double longitude) {
        byte[] dateTime = (EXIF_DATE_TIME.format(takenAt) + '\0').getBytes(US_ASCII); // 20 bytes
        byte[] offsetTime = offset == null ? null : (EXIF_OFFSET.format(offset) + '\0').getBytes(US_ASCII); // 7 bytes
        int exifEntries = offset == null ? 1 : 2;

        int ifd0 = 8;
        int exifIfd = ifd0 + ifdSize(2);
        int dateTimeAt = exifIfd + ifdSize(exifEntries);
        int offsetTimeAt = dateTimeAt + dateTime.length;
        int gpsIfd = offsetTimeAt + (offsetTime == null ? 0 : 8); // 7 bytes, padded to keep offsets even
        int latitudeAt = gpsIfd + ifdSize(4);
        int longitudeAt = latitudeAt + 24;
        int tiffLength = longitudeAt + 24;

        ByteBuffer tiff = ByteBuffer.allocate(tiffLength); // big-endian, as "MM" declares
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifd0);

        tiff.putShort((short) 2);
        entry(tiff, 0x8769, TIFF_LONG, 1, exifIfd); // ExifIFDPointer
        entry(tiff, 0x8825, TIFF_LONG, 1, gpsIfd); // GPSInfo
        tiff.putInt(0);

        tiff.putShort((short) exifEntries);
        entry(tiff, 0x9003, TIFF_ASCII, dateTime.length, dateTimeAt); // DateTimeOriginal
        if (offsetTime != null) {
            entry(tiff, 0x9011, TIFF_ASCII, offsetTime.length, offsetTimeAt); // OffsetTimeOriginal
        }
        tiff.putInt(0);
        tiff.put(dateTime);
        if (offsetTime != null) {
            tiff.put(offsetTime).put((byte) 0);
        }

        tiff.putShort((short) 4);
        inlineAscii(tiff, 0x0001, latitude >= 0 ? 'N' : 'S'); // GPSLatitudeRef
        entry(tiff, 0x0002, TIFF_RATIONAL, 3, latitudeAt); // GPSLatitude
        inlineAscii(tiff, 0x0003, longitude >= 0 ? 'E' : 'W'); // GPSLongitudeRef
        entry(tiff, 0x0004, TIFF_RATIONAL, 3, longitudeAt); // GPSLongitude
        tiff.putInt(0);
        degreesMinutesSeconds(tiff, latitude);
        degreesMinutesSeconds(tiff, longitude);

        byte[] exifHeader = { 'E', 'x', 'i', 'f', 0, 0 };
        int segmentLength = 2 + exifHeader.length + tiffLength;
        return ByteBuffer.allocate(2 + segmentLength)
                .put((byte) 0xFF).put((byte) 0xE1).putShort((short) segmentLength)
                .put(exifHeader).put(tiff.array())
                .array();
    }

    private static int ifdSize(int entries) {
        return 2 + 12 * entries + 4;
    }

    private static void entry(ByteBuffer tiff, int tag, short type, int count, int valueOrOffset) {
        tiff.putShort((short) tag).putShort(type).putInt(count).putInt(valueOrOffset);
    }

    private static void inlineAscii(ByteBuffer tiff, int tag, char letter) {
        tiff.putShort((short) tag).putShort(TIFF_ASCII).putInt(2).put((byte) letter).put((byte) 0).putShort((short) 0);
    }

    private static void degreesMinutesSeconds(ByteBuffer tiff, double coordinate) {
        long fractions = Math.round(Math.abs(coordinate) * 3600 * SECOND_FRACTIONS);
        long degrees = fractions / (3600L * SECOND_FRACTIONS);
        long minutes = fractions % (3600L * SECOND_FRACTIONS) / (60L * SECOND_FRACTIONS);
        long seconds = fractions % (60L * SECOND_FRACTIONS);
        tiff.putInt((int) degrees).putInt(1);
        tiff.putInt((int) minutes).putInt(1);
        tiff.putInt((int) seconds).putInt(SECOND_FRACTIONS);
    }
}
