"""Small seed inputs for the fuzz targets (run once; the minimized result lives in fuzz/corpus/).

Small on purpose: libFuzzer mutates faster on kilobyte inputs than on 12 MP photos, and every
decoder path (EXIF orientation, progressive and subsampled JPEG, 16-bit, palette and interlaced
PNG, lossy/lossless/alpha WebP, PDF with metadata) is reachable at 64x48. Needs Pillow.
Usage: python3 fuzz/seeds/make_seeds.py <out-dir>
"""
import io
import pathlib
import sys

from PIL import Image

root = pathlib.Path(__file__).resolve().parents[2]
out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)

scene = Image.new("RGB", (64, 48))
for y in range(48):
    for x in range(64):
        scene.putpixel((x, y), ((x * 4) % 256, (y * 5) % 256, 90 if x < 32 else 200))


def save(name, image, fmt, **options):
    buf = io.BytesIO()
    image.save(buf, fmt, **options)
    (out / name).write_bytes(buf.getvalue())


# The EXIF block of the kitchen fixture (orientation 6, GPS, phone model) on a small picture.
kitchen = Image.open(root / "fixtures/photos/kitchen-rotated-exif6-gps.jpg")
save("exif6-gps.jpg", scene, "JPEG", exif=kitchen.info["exif"], quality=70)
save("baseline-420.jpg", scene, "JPEG", quality=70, subsampling=2)
save("progressive-444.jpg", scene, "JPEG", quality=70, progressive=True, subsampling=0)
save("progressive-420.jpg", scene, "JPEG", quality=70, progressive=True, subsampling=2)
save("grey.jpg", scene.convert("L"), "JPEG", quality=70)
save("cmyk.jpg", scene.convert("CMYK"), "JPEG", quality=70)
rgba = scene.convert("RGBA")
rgba.putalpha(Image.linear_gradient("L").resize((64, 48)))
save("rgba.png", rgba, "PNG")
save("palette.png", scene.convert("P"), "PNG")
save("grey16.png", scene.convert("I;16"), "PNG")
save("la.png", rgba.convert("LA"), "PNG")
save("lossy.webp", scene, "WEBP", quality=60)
save("lossy-alpha.webp", rgba, "WEBP", quality=60)
save("lossless-alpha.webp", rgba, "WEBP", lossless=True)
for name in ["sop-document.pdf", "corrupt.jpg", "huge-20000x20000.jpg", "not-an-image.jpg"]:
    (out / name).write_bytes((root / "fixtures/photos" / name).read_bytes())
for pdf in (root / "media/tests/data").glob("*.pdf"):
    (out / pdf.name).write_bytes(pdf.read_bytes())

# The SOP fixture with an Info dictionary and XMP, as office software writes them. The offsets in
# its cross-reference table are then wrong, which exercises lopdf's table reconstruction too.
sop = (root / "fixtures/photos/sop-document.pdf").read_bytes()
extra = (b"6 0 obj\n<< /Author (Ibu Siti) /Producer (Scanner) /CreationDate (D:20250314) >>\nendobj\n"
         b"7 0 obj\n<< /Type /Metadata /Subtype /XML /Length 21 >>\nstream\n<x:xmpmeta/>        \nendstream\nendobj\n")
sop = sop.replace(b"xref\n", extra + b"xref\n", 1)
sop = sop.replace(b"<< /Size 6 /Root 1 0 R >>", b"<< /Size 8 /Root 1 0 R /Info 6 0 R /ID [(a)(b)] >>")
(out / "sop-with-info.pdf").write_bytes(sop)
