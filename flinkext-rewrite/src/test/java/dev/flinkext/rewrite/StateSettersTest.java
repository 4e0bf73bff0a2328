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
package dev.flinkext.rewrite;

import dev.flinkext.rewrite.testing.MigrationHarness;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ConfigOption constant StateConfigForFlink2 writes exists as a public static ConfigOption in
 * Flink 1.20 (this classpath) and, after the recipe's RocksDB package move, in Flink 2.3.0, with
 * the same key in both.
 */
class StateSettersTest {

    @Test
    void everyWrittenOptionExistsInFlink120AndFlink2WithTheSameKey() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (Path jar : MigrationHarness.flink2Classpath()) {
            urls.add(jar.toUri().toURL());
        }
        try (URLClassLoader flink2 =
                new URLClassLoader(
                        urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
            for (StateSetters.Option option : StateSetters.OPTIONS) {
                String moved =
                        option.owner()
                                .replace(
                                        StateConfigForFlink2.ROCKSDB_OLD_PACKAGE + ".",
                                        StateConfigForFlink2.ROCKSDB_NEW_PACKAGE + ".");
                String key120 = key(option.owner(), option.field(), getClass().getClassLoader());
                String key2 = key(moved, option.field(), flink2);
                assertThat(key2).as("%s in Flink 2.3.0", option.code()).isEqualTo(key120);
            }
        }
    }

    private static String key(String owner, String field, ClassLoader loader) throws Exception {
        Field f = Class.forName(owner, true, loader).getField(field);
        assertThat(Modifier.isStatic(f.getModifiers())).as(owner + "." + field).isTrue();
        assertThat(f.getType().getName()).isEqualTo("org.apache.flink.configuration.ConfigOption");
        Object option = f.get(null);
        return (String) option.getClass().getMethod("key").invoke(option);
    }
}
