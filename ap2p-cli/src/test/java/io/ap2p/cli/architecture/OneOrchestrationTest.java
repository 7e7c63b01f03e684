package io.ap2p.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.ap2p.core.execution.Delegation;
import io.ap2p.core.execution.WorkflowDriver;
import io.ap2p.core.execution.WorkflowRun;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator and the real node share one requester orchestration (DESIGN.md, "One orchestration,
 * two runtimes"): each implements ap2p-core's {@link WorkflowDriver.Runtime} and carries messages
 * only; neither feeds a {@link WorkflowRun} or a {@link Delegation} events itself, so candidate
 * lists, attempt budgets, timeouts and fallback are core's in both.
 */
class OneOrchestrationTest {

  static JavaClasses sim;
  static JavaClasses node;

  @BeforeAll
  static void importRuntimes() {
    ClassFileImporter importer =
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
    sim = importer.importPackages("io.ap2p.sim");
    node = importer.importPackages("io.ap2p.node");
  }

  @Test
  void bothRuntimesImplementTheDriversRuntime() {
    for (JavaClasses runtime : List.of(sim, node)) {
      List<String> implementations =
          runtime.stream()
              .filter(c -> c.isAssignableTo(WorkflowDriver.Runtime.class))
              .map(JavaClass::getName)
              .toList();
      assertThat(implementations).as("a WorkflowDriver.Runtime in the runtime").isNotEmpty();
    }
  }

  @Test
  void bothRuntimesDriveWorkflowsOnlyThroughTheDriver() {
    for (JavaClasses runtime : List.of(sim, node)) {
      bypassingTheDriver().check(runtime);
      long drivers =
          runtime.stream()
              .flatMap(c -> c.getConstructorCallsFromSelf().stream())
              .filter(call -> call.getTargetOwner().isEquivalentTo(WorkflowDriver.class))
              .count();
      assertThat(drivers).as("workflows started through new WorkflowDriver(...)").isPositive();
    }
  }

  @Test
  void theRuleWouldCatchARuntimeOfItsOwn() {
    // core's own driver feeds the run: the rule must flag it, or it checks nothing
    JavaClasses core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ap2p.core.execution");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> bypassingTheDriver().check(core))
        .hasMessageContaining("WorkflowDriver");
  }

  private static ArchRule bypassingTheDriver() {
    return noClasses()
        .should()
        .callMethodWhere(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "a WorkflowRun or Delegation event",
                call -> {
                  String owner = call.getTarget().getOwner().getName();
                  String name = call.getTarget().getName();
                  return (owner.equals(WorkflowRun.class.getName())
                          && List.of("start", "onCandidates", "onResult", "onError", "onTimeout")
                              .contains(name))
                      || (owner.equals(Delegation.class.getName())
                          && List.of("start", "onResult", "onError", "onTimeout").contains(name));
                }))
        .because("workflows are driven by core's WorkflowDriver in every runtime");
  }
}
