package io.ap2p.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ap2p-core is pure (STYLE practice 1): no wall clock, no global randomness, no threads, no I/O
 * outside {@code io.ap2p.core.time}; and it depends on no other ap2p module.
 */
class CoreArchitectureTest {

  static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ap2p.core");
  }

  @Test
  void noWallClockOutsideTheTimePackage() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("io.ap2p.core.time..")
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(java.time.LocalDateTime.class, "now")
            .orShould()
            .callMethod(java.time.Clock.class, "systemUTC")
            .because("time is injected through io.ap2p.core.time.Clock");
    rule.check(core);
  }

  @Test
  void theClockRuleWouldCatchTheWallClock() {
    // the rule without its exemption must flag SystemClock, or it checks nothing
    ArchRule unexempted = noClasses().should().callMethod(System.class, "currentTimeMillis");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> unexempted.check(core))
        .hasMessageContaining("SystemClock");
  }

  @Test
  void noGlobalRandomness() {
    ArchRule rule =
        noClasses()
            .should()
            .callConstructor(java.util.Random.class)
            .orShould()
            .callConstructor(java.util.Random.class, long.class)
            .orShould()
            .callConstructor(java.security.SecureRandom.class)
            .orShould()
            .callMethod(Math.class, "random")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(java.util.concurrent.ThreadLocalRandom.class)
            .because("randomness is injected as a seeded source");
    rule.check(core);
  }

  @Test
  void noThreadsNetworkOrFiles() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.net..", "java.nio.channels..", "java.nio.file..")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Thread.class)
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.File")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileInputStream")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileOutputStream")
            .because("ap2p-core is sans-I/O: runtimes do the I/O");
    rule.check(core);
  }

  @Test
  void coreDependsOnNoOtherModule() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.ap2p.net..",
                "io.ap2p.node..",
                "io.ap2p.sim..",
                "io.ap2p.cli..",
                "io.ap2p.bench..")
            .because("dependencies point one way: cli -> node -> net -> core, sim -> core");
    rule.check(core);
  }
}
