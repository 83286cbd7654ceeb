/**
 * Resident identity numbers (居民身份号码) checked the way a township office needs them checked.
 *
 * <p>Why layered, typed results rather than one yes/no: the person at the kiosk is often elderly and
 * the person behind the desk must be able to say <em>what</em> is wrong in plain words — a birth date
 * that cannot exist, a mistyped last character, a region code the office's table does not know. Each
 * layer therefore answers with its own type carrying a Chinese and an English sentence, and only real
 * impossibilities refuse a number: a region code missing from the bundled GB/T 2260 history is a
 * warning for staff, because a number keeps its original code for life and tables are never complete.
 *
 * <p>Why the typo suggestions: the MOD 11-2 check character catches every single-digit mistake and every
 * adjacent swap, so when it is the only failing layer the few numbers one such mistake away can be
 * offered, and fixing a typo costs one tap instead of a second queue.
 *
 * <p>Assumptions, from the public descriptions (GB 11643-1999; the National Immigration Administration's
 * 2023 machine-readable rules for the new foreign permanent resident card):
 * <ul>
 *   <li>Citizen numbers start with a province code 11–65; 71/81/82 are never issued on citizen cards, so
 *       other first digits are refused as no known document.</li>
 *   <li>Hong Kong/Macao/Taiwan residence permits use exactly 810000/820000/830000, then the citizen layout.</li>
 *   <li>2023 foreign permanent resident card: 9, the 2-digit province code where it was applied for, a
 *       3-digit numeric nationality code (taken to be ISO 3166-1 numeric, not named: no table is bundled),
 *       the birth date, a 3-digit sequence whose last digit is odd for men as on citizen numbers, and the
 *       same MOD 11-2 check character.</li>
 *   <li>15-digit numbers are citizen numbers of people born 1900–1999 ("19" is inserted).</li>
 * </ul>
 *
 * <p>Pure domain code: no storage, network or logging; the only I/O is reading the bundled region
 * history. Full numbers never reach {@code toString()}; see {@link org.doudi.privacy.Mask#idNumber}.
 */
package org.doudi.identity;
