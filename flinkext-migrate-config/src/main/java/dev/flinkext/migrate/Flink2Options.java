/*
 * Copyright 2026 the flinkext authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.flinkext.migrate;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Flink 2.x's option definitions, as shipped inside the tool: {@value #RESOURCE}, the {@link
 * OptionCatalog} of Flink 2.3.0's jars written as text.
 *
 * <p>The tool cannot load Flink 2.x next to the Flink 1.20 it runs on (same class names), and
 * carrying Flink 2.x's jars would double its size for a list of keys. So the list is generated from
 * the real jars: Flink2OptionsTest loads Flink 2.3.0 (resolved by the module
 * flinkext-flink2-classpath) into an isolated class loader, scans it with the same code that scans
 * the tool's own Flink, and fails when this resource differs. Regenerate it with {@code mvn -pl
 * flinkext-migrate-config test -Dtest=Flink2OptionsTest -Dflinkext.regenerate=true}.
 */
@Internal
public final class Flink2Options {

    /** The classpath resource that holds the catalog. */
    public static final String RESOURCE = "/dev/flinkext/migrate/flink-2.x-options.txt";

    private static volatile RenameTable table;

    private Flink2Options() {}

    /** The catalog of Flink 2.x's options. */
    public static OptionCatalog catalog() {
        try (InputStream in = Flink2Options.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing");
            }
            return OptionCatalog.fromText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** The rename table of Flink 2.x, read once. */
    public static RenameTable renameTable() {
        RenameTable result = table;
        if (result == null) {
            result = RenameTable.of(catalog());
            table = result;
        }
        return result;
    }
}
