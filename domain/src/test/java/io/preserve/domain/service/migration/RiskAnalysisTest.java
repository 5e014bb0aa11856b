package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.Count;
import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.StatementRisk;
import io.preserve.domain.model.migration.TableName;
import io.preserve.domain.port.out.MeasureDataPort;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RiskAnalysisTest {
    private static MigrationStatus pending(String id, String sql) {
        var script = new MigrationScript(id, id, MigrationScript.Kind.VERSIONED, List.of(), "prisma/migrations/" + id, sql);
        return new MigrationStatus(id, id, MigrationStatus.State.PENDING, script, null, null);
    }

    private static final MeasureDataPort NOTHING = new MeasureDataPort() {
        @Override
        public List<io.preserve.domain.model.migration.TableCount> census() {
            return List.of();
        }

        @Override
        public List<Count> measure(List<Measure> measures) {
            throw new AssertionError("not counted");
        }
    };

    @Test
    void a_drop_and_add_in_a_table_renamed_earlier_is_hinted_from_the_databases_name_to_the_migrations() {
        var risks = RiskAnalysis.analyse(List.of(pending("m1", "ALTER TABLE \"User\" RENAME TO \"Account\";"),
                pending("m2", "ALTER TABLE \"Account\" DROP COLUMN \"name\",\nADD COLUMN \"fullName\" TEXT;")), NOTHING, false);
        StatementRisk dropped = risks.stream().filter(r -> r.measure() instanceof Measure.Values).findFirst().orElseThrow();
        assertThat(dropped.measure()).isEqualTo(new Measure.Values(new TableName(null, "User"), "name"));
        assertThat(dropped.hint()).isEqualTo("the migration adds fullName to Account: if that is name renamed, its values are"
                + " lost; name it in preserve.yaml, renames: {User.name: Account.fullName}, and run the migration under preserve guard");
    }
}
