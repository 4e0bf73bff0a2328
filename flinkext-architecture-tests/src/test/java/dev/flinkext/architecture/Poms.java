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
package dev.flinkext.architecture;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code pom.xml} as the tests read it, through the JDK's XML parser: the modules it lists and
 * the dependencies it declares (its own {@code <dependencies>}, not the managed ones and not those
 * of profiles).
 */
final class Poms {

    /** One declared dependency, as written: no property is resolved, no version is managed. */
    record Dependency(
            String groupId,
            String artifactId,
            String type,
            String classifier,
            String scope,
            String version,
            List<String> exclusions) {

        /**
         * {@code groupId:artifactId[:type[:classifier]]}, as Maven writes coordinates: the type
         * only when it is not {@code jar} or a classifier follows.
         */
        String coordinates() {
            return groupId
                    + ":"
                    + artifactId
                    + (classifier.isEmpty()
                            ? (type.equals("jar") ? "" : ":" + type)
                            : ":" + type + ":" + classifier);
        }

        @Override
        public String toString() {
            return coordinates() + " (" + scope + ")";
        }
    }

    private Poms() {}

    /** The {@code <module>}s of {@code pom}, in their order. */
    static List<String> modules(Path pom) throws Exception {
        List<String> modules = new ArrayList<>();
        for (Element module : children(child(project(pom), "modules"), "module")) {
            modules.add(module.getTextContent().trim());
        }
        return modules;
    }

    /** The project's own {@code <artifactId>}. */
    static String artifactId(Path pom) throws Exception {
        return child(project(pom), "artifactId").orElseThrow().getTextContent().trim();
    }

    /** The {@code <dependencies>} of {@code pom}'s project, in their order. */
    static List<Dependency> dependencies(Path pom) throws Exception {
        List<Dependency> dependencies = new ArrayList<>();
        for (Element dependency : children(child(project(pom), "dependencies"), "dependency")) {
            List<String> exclusions = new ArrayList<>();
            for (Element exclusion :
                    children(child(Optional.of(dependency), "exclusions"), "exclusion")) {
                exclusions.add(
                        text(exclusion, "groupId", "") + ":" + text(exclusion, "artifactId", ""));
            }
            dependencies.add(
                    new Dependency(
                            text(dependency, "groupId", ""),
                            text(dependency, "artifactId", ""),
                            text(dependency, "type", "jar"),
                            text(dependency, "classifier", ""),
                            text(dependency, "scope", "compile"),
                            text(dependency, "version", ""),
                            exclusions));
        }
        return dependencies;
    }

    private static Optional<Element> project(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(pom.toFile());
        return Optional.of(document.getDocumentElement());
    }

    private static Optional<Element> child(Optional<Element> parent, String name) {
        return parent.flatMap(p -> children(Optional.of(p), name).stream().findFirst());
    }

    private static List<Element> children(Optional<Element> parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent.isEmpty()) {
            return found;
        }
        for (Node node = parent.get().getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element && ((Element) node).getTagName().equals(name)) {
                found.add((Element) node);
            }
        }
        return found;
    }

    private static String text(Element parent, String name, String absent) {
        return child(Optional.of(parent), name).map(e -> e.getTextContent().trim()).orElse(absent);
    }
}
