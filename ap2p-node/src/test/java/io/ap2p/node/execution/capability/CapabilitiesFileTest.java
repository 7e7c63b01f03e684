package io.ap2p.node.execution.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ap2p.core.wire.Bytes;
import io.ap2p.node.execution.handler.BuiltIns;
import io.ap2p.node.execution.handler.ExecHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilitiesFileTest {

  @TempDir Path dir;

  /** A complete custom template, as a JSON member value. */
  static String template(String id) {
    return """
        {"schema": "ap2p/descriptor/1", "id": "%s", "ttlSeconds": 60,
         "intent": {"name": "Summarize text", "tags": ["text.summarize"]},
         "io": {"input": {"type": "string"}, "output": {"type": "string"}}}"""
        .formatted(id);
  }

  private static Bytes utf8(String s) {
    return Bytes.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private List<CapabilitySpec> parse(String json) throws CapabilitiesFileException {
    return CapabilitiesFile.parse(utf8(json), dir);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> fails(String json) {
    return assertThatThrownBy(() -> parse(json)).isInstanceOf(CapabilitiesFileException.class);
  }

  @BeforeEach
  void files() throws Exception {
    Files.writeString(dir.resolve("my-descriptor.json"), template("local-gen"));
    Files.createDirectory(dir.resolve("work"));
  }

  @Test
  void theDocumentedExampleParses() throws Exception {
    List<CapabilitySpec> specs =
        parse(
            """
            {"capabilities": [
              {"builtin": "image.generate"},
              {"builtin": "content.publish", "descriptor": {"ttlSeconds": 30}},
              {"handler": {"type": "exec", "command": ["sh", "summarize.sh"],
                           "env": {"MODEL": "small"}, "workdir": "work",
                           "maxOutputBytes": 1048576, "outputMediaType": "text/plain"},
               "descriptor": %s},
              {"handler": {"type": "http", "url": "http://127.0.0.1:8080/generate",
                           "maxOutputBytes": 16777216},
               "descriptorFile": "my-descriptor.json"}
            ]}"""
                .formatted(template("summarize-py")));
    assertThat(specs)
        .extracting(CapabilitySpec::id)
        .containsExactly("image-gen", "content-publish", "summarize-py", "local-gen");
    assertThat(specs.get(0).handler()).isEqualTo(new HandlerSpec.Builtin("image.generate"));
    assertThat(specs.get(1).template().get("ttlSeconds").intValue()).isEqualTo(30);
    assertThat(specs.get(1).template().get("intent"))
        .isEqualTo(Templates.builtin("content.publish").get("intent"));
    assertThat(specs.get(2).handler())
        .isEqualTo(
            new HandlerSpec.Exec(
                List.of("sh", "summarize.sh"),
                Map.of("MODEL", "small"),
                Optional.of(dir.resolve("work").toAbsolutePath()),
                1048576,
                "text/plain"));
    assertThat(specs.get(3).handler())
        .isEqualTo(
            new HandlerSpec.Http(URI.create("http://127.0.0.1:8080/generate"), 16777216, false));
  }

  @Test
  void storedEntriesAreSelfContainedAndReadBackEqual() throws Exception {
    List<CapabilitySpec> specs =
        parse(
            """
            {"capabilities": [
              {"builtin": "content.publish", "descriptor": {"ttlSeconds": 30}},
              {"handler": {"type": "exec", "command": ["sh", "x.sh"], "workdir": "work"},
               "descriptor": %s},
              {"handler": {"type": "http", "url": "http://localhost:8080/"},
               "descriptorFile": "my-descriptor.json"}
            ]}"""
                .formatted(template("x")));
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    for (CapabilitySpec s : specs) {
      assertThat(s.configJson()).doesNotContain("descriptorFile").doesNotContain("\n");
      CapabilitySpec again = CapabilitySpec.parseEntry(s.configJson(), elsewhere);
      assertThat(again).isEqualTo(s);
      assertThat(again.configJson()).isEqualTo(s.configJson());
    }
    assertThat(specs.get(0).configJson())
        .isEqualTo("{\"builtin\":\"content.publish\",\"descriptor\":{\"ttlSeconds\":30}}");
    assertThat(specs.get(1).configJson())
        .contains("\"workdir\":\"" + dir.resolve("work").toAbsolutePath() + "\"")
        .contains("\"maxOutputBytes\":" + HandlerSpec.DEFAULT_MAX_OUTPUT_BYTES);
    assertThat(specs.get(2).configJson()).contains("\"id\":\"local-gen\"");
  }

  @Test
  void forBuiltinUsesTheBuiltInTemplate() {
    for (String name : BuiltIns.names()) {
      CapabilitySpec s = CapabilitySpec.forBuiltin(name);
      assertThat(s.handler()).isEqualTo(new HandlerSpec.Builtin(name));
      assertThat(s.template()).isEqualTo(Templates.builtin(name));
      assertThat(s.configJson()).isEqualTo("{\"builtin\":\"" + name + "\"}");
    }
    assertThatThrownBy(() -> CapabilitySpec.forBuiltin("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image.generate, content.publish, text.summarize");
  }

  @Test
  void theTemplateIsCopiedInAndOut() throws Exception {
    CapabilitySpec s = CapabilitySpec.forBuiltin("image.generate");
    s.template().put("id", "changed");
    assertThat(s.template().get("id").textValue()).isEqualTo("image-gen");
  }

  @Test
  void aRelativeProgramPathIsResolvedAgainstTheBaseDirectory() throws Exception {
    Path script = dir.resolve("work/run.sh");
    Files.writeString(script, "#!/bin/sh\ncat\n");
    script.toFile().setExecutable(true);
    CapabilitySpec s =
        parse(
                """
                {"capabilities": [{"handler": {"type": "exec", "command": ["./work/run.sh"]},
                                   "descriptor": %s}]}"""
                    .formatted(template("run")))
            .get(0);
    assertThat(((HandlerSpec.Exec) s.handler()).command())
        .containsExactly(script.toAbsolutePath().toString());
    Files.writeString(dir.resolve("work/not-executable.sh"), "x");
    fails(
            """
        {"capabilities": [{"handler": {"type": "exec", "command": ["work/not-executable.sh"]},
                           "descriptor": %s}]}"""
                .formatted(template("run")))
        .hasMessageContaining("capabilities[0].handler.command[0]: ")
        .hasMessageContaining("is not an executable file");
  }

  @Test
  void malformedJsonIsReportedAtTheTop() {
    fails("{\"capabilities\": [{\"builtin\": \"image.generate\"}").hasMessageStartingWith("$: ");
    fails("").hasMessageStartingWith("$: ");
    fails("{\"capabilities\": []} trailing").hasMessageStartingWith("$: ");
    fails("{\"capabilities\": [], \"capabilities\": []}").hasMessageStartingWith("$: ");
    fails("[]").hasMessage("$: must be a JSON object");
    fails("{}").hasMessage("capabilities: must be an array");
    fails("{\"capabilities\": {}}").hasMessage("capabilities: must be an array");
    fails("{\"capabilities\": [], \"extra\": 1}")
        .hasMessageStartingWith("$.extra: is not a known field");
    fails("[".repeat(10_000)).hasMessageStartingWith("$: ");
  }

  @Test
  void wrongTypesAndUnknownFieldsNameTheEntryAndField() {
    fails("{\"capabilities\": [{\"builtin\": \"image.generate\"}, 3]}")
        .hasMessage("capabilities[1]: must be a JSON object");
    fails("{\"capabilities\": [{\"builtin\": \"image.generate\", \"descriptr\": {}}]}")
        .hasMessageStartingWith("capabilities[0].descriptr: is not a known field");
    fails("{\"capabilities\": [{\"builtin\": \"image.generat\"}]}")
        .hasMessageStartingWith("capabilities[0].builtin: unknown built-in image.generat");
    fails("{\"capabilities\": [{\"builtin\": 3}]}")
        .hasMessage("capabilities[0].builtin: must be a string");
    fails("{\"capabilities\": [{}]}")
        .hasMessage("capabilities[0]: must have exactly one of builtin and handler");
    fails(entry("{\"type\": \"exec\", \"command\": \"sh -c x\"}"))
        .hasMessage("capabilities[0].handler.command: must be a non-empty array of strings");
    fails(entry("{\"type\": \"exec\", \"command\": []}"))
        .hasMessage("capabilities[0].handler.command: must be a non-empty array of strings");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\", 3]}"))
        .hasMessage("capabilities[0].handler.command: must be a non-empty array of strings");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"cmd\": 1}"))
        .hasMessageStartingWith("capabilities[0].handler.cmd: is not a known field");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"maxOutputBytes\": \"big\"}"))
        .hasMessageStartingWith("capabilities[0].handler.maxOutputBytes: must be an integer");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"maxOutputBytes\": 0}"))
        .hasMessageStartingWith("capabilities[0].handler.maxOutputBytes: must be an integer");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"env\": {\"A\": 1}}"))
        .hasMessage("capabilities[0].handler.env.A: must be a string");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"env\": {\"A-B\": \"1\"}}"))
        .hasMessageContaining("capabilities[0].handler.env: not a variable name: A-B");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"workdir\": \"missing\"}"))
        .hasMessageContaining("capabilities[0].handler.workdir: ")
        .hasMessageContaining("is not a directory");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"outputMediaType\": \"png\"}"))
        .hasMessageContaining("not a media type: png");
    fails(entry("{\"type\": \"ftp\"}"))
        .hasMessage("capabilities[0].handler.type: must be exec, http or mcp, not ftp");
    fails(entry("{\"command\": [\"sh\"]}"))
        .hasMessage("capabilities[0].handler.type: is missing (exec, http or mcp)");
    fails(entry("{\"type\": \"http\", \"url\": \"http://127.0.0.1/\", \"allowRemote\": \"yes\"}"))
        .hasMessage("capabilities[0].handler.allowRemote: must be true or false");
    fails(entry("{\"type\": \"http\", \"url\": \"not a url\"}"))
        .hasMessageStartingWith("capabilities[0].handler.url: is not a URL");
  }

  private static String entry(String handler) {
    return "{\"capabilities\": [{\"handler\": %s, \"descriptor\": %s}]}"
        .formatted(handler, template("x"));
  }

  @Test
  void aProgramThatCannotBeFoundIsAClearError() {
    fails(entry("{\"type\": \"exec\", \"command\": [\"no-such-program-ap2p\", \"x\"]}"))
        .hasMessage(
            "capabilities[0].handler.command[0]: no-such-program-ap2p is not an executable on PATH "
                + ExecHandler.DEFAULT_PATH
                + " (the PATH the command runs with; give an absolute path or set env.PATH)");
    fails(entry("{\"type\": \"exec\", \"command\": [\"/no/such/program\"]}"))
        .hasMessage(
            "capabilities[0].handler.command[0]: /no/such/program is not an executable file");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"env\": {\"PATH\": \"/nowhere\"}}"))
        .hasMessageContaining("sh is not an executable on PATH /nowhere");
  }

  @Test
  void remoteUrlsNeedAllowRemote() throws Exception {
    fails(entry("{\"type\": \"http\", \"url\": \"http://example.com/gen\"}"))
        .hasMessageStartingWith("capabilities[0].handler.url: host example.com is not a loopback")
        .hasMessageContaining("allowRemote");
    CapabilitySpec s =
        parse(
                entry(
                    "{\"type\": \"http\", \"url\": \"https://example.com/gen\", \"allowRemote\": true}"))
            .get(0);
    assertThat(((HandlerSpec.Http) s.handler()).allowRemote()).isTrue();
  }

  @Test
  void templatesMustBeValidDescriptors() {
    fails(
            "{\"capabilities\": [{\"builtin\": \"image.generate\", \"descriptor\": {\"ttlSeconds\": \"x\"}}]}")
        .hasMessageStartingWith("capabilities[0].descriptor.ttlSeconds: ");
    fails(
            "{\"capabilities\": [{\"builtin\": \"image.generate\", \"descriptor\": {\"intent\": {\"name\": \"x\", \"tags\": [\"Bad Tag\"]}}}]}")
        .hasMessageStartingWith("capabilities[0].descriptor.intent.tags[0]: ");
    fails("{\"capabilities\": [{\"builtin\": \"image.generate\", \"descriptor\": {\"id\": null}}]}")
        .hasMessageStartingWith("capabilities[0].descriptor.id: ");
    fails("{\"capabilities\": [{\"builtin\": \"image.generate\", \"descriptor\": []}]}")
        .hasMessage("capabilities[0].descriptor: must be a JSON object of top-level overrides");
    fails(
            "{\"capabilities\": [{\"handler\": {\"type\": \"exec\", \"command\": [\"sh\"]}, \"descriptor\": {\"id\": \"x\"}}]}")
        .hasMessageStartingWith("capabilities[0].descriptor.");
    fails(
            "{\"capabilities\": [{\"handler\": {\"type\": \"exec\", \"command\": [\"sh\"]}, \"descriptor\": \"x\"}]}")
        .hasMessageStartingWith("capabilities[0].descriptor: must be a descriptor template");
    fails("{\"capabilities\": [{\"handler\": {\"type\": \"exec\", \"command\": [\"sh\"]}}]}")
        .hasMessage(
            "capabilities[0]: must have exactly one of descriptor and descriptorFile with a handler");
    fails(
            "{\"capabilities\": [{\"handler\": {\"type\": \"exec\", \"command\": [\"sh\"]}, \"descriptorFile\": \"missing.json\"}]}")
        .hasMessageStartingWith("capabilities[0].descriptorFile: cannot read ");
    fails(
            "{\"capabilities\": [{\"builtin\": \"image.generate\", \"descriptorFile\": \"my-descriptor.json\"}]}")
        .hasMessageStartingWith("capabilities[0].descriptorFile: is not allowed with builtin");
  }

  @Test
  void aDescriptorFileMustBeAValidTemplateToo() throws Exception {
    Files.writeString(dir.resolve("bad.json"), "{\"schema\": \"ap2p/descriptor/9\"");
    fails(
            "{\"capabilities\": [{\"handler\": {\"type\": \"http\", \"url\": \"http://[::1]/\"}, \"descriptorFile\": \"bad.json\"}]}")
        .hasMessageStartingWith("capabilities[0].descriptorFile: ")
        .hasMessageContaining("bad.json: $: is not valid JSON");
    Files.write(dir.resolve("huge.json"), new byte[(1 << 16) + 1]);
    fails(
            "{\"capabilities\": [{\"handler\": {\"type\": \"http\", \"url\": \"http://[::1]/\"}, \"descriptorFile\": \"huge.json\"}]}")
        .hasMessageContaining("is larger than 65536 bytes");
  }

  @Test
  void idsMustBeUnique() {
    fails(
            "{\"capabilities\": [{\"builtin\": \"image.generate\"}, {\"builtin\": \"text.summarize\"}, {\"builtin\": \"image.generate\"}]}")
        .hasMessage("capabilities[2]: capability id image-gen is already used by capabilities[0]");
    // another id makes a second copy fine
    org.assertj.core.api.Assertions.assertThatCode(
            () ->
                parse(
                    "{\"capabilities\": [{\"builtin\": \"image.generate\"}, {\"builtin\": \"image.generate\", \"descriptor\": {\"id\": \"image-gen-2\"}}]}"))
        .doesNotThrowAnyException();
  }

  @Test
  void limitsAreEnforced() {
    StringBuilder many = new StringBuilder("{\"capabilities\": [");
    for (int i = 0; i <= CapabilitiesFile.MAX_CAPABILITIES; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"builtin\": \"text.summarize\", \"descriptor\": {\"id\": \"s")
          .append(i)
          .append("\"}}");
    }
    fails(many.append("]}").toString())
        .hasMessage("capabilities: holds 65 entries; at most 64 are allowed");

    String big =
        "{\"capabilities\": [], \"pad\": \"" + "x".repeat(CapabilitiesFile.MAX_BYTES) + "\"}";
    fails(big).hasMessage("$: is larger than 1048576 bytes");

    StringBuilder args = new StringBuilder("[\"sh\"");
    for (int i = 0; i < HandlerSpec.MAX_COMMAND_ARGS; i++) {
      args.append(",\"a\"");
    }
    fails(entry("{\"type\": \"exec\", \"command\": " + args + "]}"))
        .hasMessage("capabilities[0].handler.command: must hold at most 64 arguments, not 65");

    StringBuilder env = new StringBuilder("{");
    for (int i = 0; i <= HandlerSpec.MAX_ENV_VARS; i++) {
      env.append(i == 0 ? "" : ",").append("\"V").append(i).append("\": \"x\"");
    }
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"env\": " + env + "}}"))
        .hasMessage("capabilities[0].handler.env: must hold at most 64 variables, not 65");
    fails(entry("{\"type\": \"exec\", \"command\": [\"sh\"], \"maxOutputBytes\": 1073741825}"))
        .hasMessage(
            "capabilities[0].handler.maxOutputBytes: must be an integer from 1 to 1073741824");
  }

  @Test
  void readTakesPathsRelativeToTheFile() throws Exception {
    Path file = dir.resolve("caps.json");
    Files.writeString(
        file,
        "{\"capabilities\": [{\"handler\": {\"type\": \"http\", \"url\": \"http://127.0.0.1:1/\"},"
            + " \"descriptorFile\": \"my-descriptor.json\"}]}");
    assertThat(CapabilitiesFile.read(file))
        .extracting(CapabilitySpec::id)
        .containsExactly("local-gen");
    assertThatThrownBy(() -> CapabilitiesFile.read(dir.resolve("missing.json")))
        .isInstanceOf(CapabilitiesFileException.class)
        .hasMessageContaining("cannot be read");
  }

  @Test
  void aBrokenStoredEntryIsReportedAsEntry() {
    assertThatThrownBy(() -> CapabilitySpec.parseEntry("{\"builtin\":", dir))
        .isInstanceOf(CapabilitiesFileException.class)
        .hasMessageStartingWith("entry: $: ");
    assertThatThrownBy(
            () ->
                CapabilitySpec.parseEntry(
                    "{\"handler\":{\"type\":\"exec\",\"command\":[\"/gone/tool\"]},\"descriptor\":"
                        + template("x")
                        + "}",
                    dir))
        .hasMessage("entry.handler.command[0]: /gone/tool is not an executable file");
  }
}
