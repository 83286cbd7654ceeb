package org.doudi.provisioning.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.doudi.testsupport.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoPasswordHashTest {
    private static final Path MOSQUITTO_PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    /** {@code mosquitto_passwd -c -b FILE alice secret} (Mosquitto 2.0.11) wrote this line. */
    private static final String ALICE = "$7$101$V+g3o9m4CJwdV2z+$boEt1WSLiQH+QCyiRrcQttz3iFxgzS1xG51X5Ek4BrjTwCKc7Lo3DjH4lmyc1PE47VksQ3ROjSr0V5qA00qlMw==";
    /** {@code mosquitto_passwd -c -b -I 1000 FILE kiosk-0042 '密码-pässword'}: a UTF-8 password and another count. */
    private static final String NON_ASCII = "$7$1000$VCxViCP0JCJov7aa$kZS/amyn6/dKVJr2wO6o4oEBDoIwyo0fWpXVkvkG4udiASpQxqq0/jJXOeNpP131gRL5I0/twmR54x6UYixsuQ==";

    @TempDir
    Path dir;

    @Test
    void withTheSameSaltItMatchesWhatMosquittoPasswdWrote() {
        assertThat(MosquittoPasswordHash.of("secret", saltOf(ALICE), 101)).isEqualTo(ALICE);
        assertThat(MosquittoPasswordHash.of("密码-pässword", saltOf(NON_ASCII), 1000)).isEqualTo(NON_ASCII);
    }

    @Test
    void matchesTheInstalledMosquittoPasswd() throws Exception {
        Prerequisites.require(Files.isExecutable(MOSQUITTO_PASSWD), "mosquitto_passwd is not installed at " + MOSQUITTO_PASSWD);
        for (int i = 0; i < 3; i++) {
            String password = BrokerPasswords.generate();
            Path file = dir.resolve("passwd-" + i);
            Process p = new ProcessBuilder(MOSQUITTO_PASSWD.toString(), "-c", "-b", file.toString(), "kiosk-0042", password)
                    .redirectErrorStream(true).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            String stored = Files.readString(file).strip().substring("kiosk-0042:".length());
            assertThat(MosquittoPasswordHash.of(password, saltOf(stored), MosquittoPasswordHash.ITERATIONS)).isEqualTo(stored);
        }
    }

    @Test
    void eachHashHasAFreshSaltInMosquittosLayout() {
        Set<String> salts = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String hash = MosquittoPasswordHash.of("the same password");
            assertThat(hash).matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
            assertThat(Base64.getDecoder().decode(hash.split("\\$")[4])).hasSize(64);
            salts.add(hash.split("\\$")[3]);
        }
        assertThat(salts).hasSize(20);
    }

    @Test
    void refusesWhatMosquittoCouldNotUse() {
        assertThatThrownBy(() -> MosquittoPasswordHash.of("")).isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> MosquittoPasswordHash.of("x", new byte[16], 101)).isInstanceOf(InvalidBrokerSetting.class);
        assertThatThrownBy(() -> MosquittoPasswordHash.of("x", new byte[12], 0)).isInstanceOf(InvalidBrokerSetting.class);
    }

    @Test
    void generatedPasswordsArePrintableAndCarryAtLeast128Bits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String password = BrokerPasswords.generate();
            // 24 characters of a 64-letter alphabet: 144 bits.
            assertThat(password).matches("[A-Za-z0-9_-]{24}");
            seen.add(password);
        }
        assertThat(seen).hasSize(1000);
    }

    private static byte[] saltOf(String stored) {
        return Base64.getDecoder().decode(stored.split("\\$")[3]);
    }
}
