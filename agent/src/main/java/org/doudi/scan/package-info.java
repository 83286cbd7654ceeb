/**
 * Reading codes: every way a household card, ID number, receipt or provisioning bundle reaches the agent, turned
 * into one typed result.
 *
 * <p>Sources: image files ({@link org.doudi.scan.ImageFiles}), raw camera frames from a UI or a capture command
 * ({@link org.doudi.scan.CameraFrame}, {@link org.doudi.scan.FrameStream}, which accepts a code only after two
 * identical reads via {@link org.doudi.scan.StableReads}), serial and USB-CDC scanners
 * ({@link org.doudi.scan.SerialLineReader}) and scanners in keyboard mode ({@link org.doudi.scan.KeyboardWedgeText}).
 * All pictures become a {@link org.doudi.scan.GreyImage} and go through one {@link org.doudi.scan.BarcodeDecoder},
 * so every source gets the same multi-attempt strategy, misread guards and size limits ({@link
 * org.doudi.scan.ScanLimits}); only its time budget tells a still image (10 s, with rescaled last attempts for small
 * blurred codes) from a camera frame (250 ms, where the next frame is the second chance). docs/benchmarks.md §4
 * compares it with ZXing and zbarimg on ZXing's own test photographs.
 *
 * <p>Results and errors are sealed types ({@link org.doudi.scan.DecodeResult}, {@link org.doudi.scan.SerialRead},
 * {@link org.doudi.scan.ScanError}), never strings, so callers handle every case and nothing is lost in parsing.
 * What a read is ({@link org.doudi.scan.ScanKind}) is judged by syntax only; signatures and check digits are verified
 * by {@code org.doudi.credential} and {@code org.doudi.identity}. Scanned text may be an ID number, so this package
 * logs symbology, length and kind only ({@link org.doudi.scan.ScannedCode#describeForLog()}).
 */
package org.doudi.scan;
