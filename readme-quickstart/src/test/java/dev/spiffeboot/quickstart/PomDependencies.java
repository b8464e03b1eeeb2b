package dev.spiffeboot.quickstart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The {@code groupId:artifactId} of the dependencies a pom, or a README's pom snippet, lists with one scope. */
final class PomDependencies {

    private PomDependencies() {
    }

    /** Those of a README snippet of {@code <dependency>} elements. */
    static Set<String> ofSnippet(Snippet snippet, String scope) throws Exception {
        return of(("<dependencies>" + snippet.text() + "</dependencies>").getBytes(StandardCharsets.UTF_8), scope);
    }

    /**
     * Those of a pom.
     *
     * @param scope the scope, or {@code null} for the dependencies without one
     */
    static Set<String> of(byte[] xml, String scope) throws Exception {
        NodeList dependencies = DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml))
            .getElementsByTagName("dependency");
        Set<String> coordinates = new TreeSet<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            NodeList scopes = dependency.getElementsByTagName("scope");
            String declared = (scopes.getLength() > 0) ? scopes.item(0).getTextContent().strip() : null;
            if (Objects.equals(declared, scope)) {
                coordinates.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
        }
        return coordinates;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }
}
