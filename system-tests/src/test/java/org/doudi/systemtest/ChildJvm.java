package org.doudi.systemtest;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of this module's test classpath in a separate JVM, as a device process would run. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static Process start(Class<?> main, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path target = Path.of("target");
        String dependencies = Files.readString(target.resolve("test-classpath.txt")).trim();
        String classpath = target.resolve("test-classes") + File.pathSeparator + dependencies;
        // Children log to their own file: two JVMs writing target/system-tests.log would garble it.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-Dtinylog.writer.file=" + target.resolve("child-jvms.log"), "-Dtinylog.writer.append=true",
                "-cp", classpath, main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
