package io.preserve.domain.service.migration;

import io.preserve.domain.model.migration.Count;
import io.preserve.domain.model.migration.Measure;
import io.preserve.domain.model.migration.MigrationStatus;
import io.preserve.domain.model.migration.StatementRisk;
import io.preserve.domain.model.migration.StatementRisk.Risk;
import io.preserve.domain.port.out.MeasureDataPort;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the pending migrations statement by statement, in the order the tool applies them, and counts in the live
 * database what each would destroy or fail on. Safe statements are left out of the result; statements it could not
 * classify are kept, so they are shown.
 */
final class RiskAnalysis {
    private RiskAnalysis() {
    }

    /**
     * A column dropped where the same migration adds one to the same table: how Prisma writes a rename (DROP + ADD),
     * which loses the values. Said, with what brings them back.
     */
    private static StatementRisk withRenameHint(StatementRisk risk, StatementClassifier classifier) {
        if (!(risk.measure() instanceof Measure.Values dropped)) return risk;
        List<String> added = classifier.columnsAdded(dropped.table());
        if (added.isEmpty()) return risk;
        String table = dropped.table().name();
        String now = classifier.named(dropped.table()).name();
        return risk.withHint("the migration adds " + String.join(", ", added) + " to " + now + ": if that is " + dropped.column()
                + " renamed, its values are lost; name it in preserve.yaml, renames: {" + table + "." + dropped.column() + ": "
                + now + "." + added.get(0) + "}, and run the migration under preserve guard");
    }

    static List<StatementRisk> analyse(List<MigrationStatus> pending, MeasureDataPort data, boolean measure) {
        // the migrations are in the SQL of the database they run on
        boolean mysql = io.preserve.domain.model.DatabaseInfo.MYSQL.equals(data.dialect());
        StatementClassifier classifier = new StatementClassifier(mysql);
        List<StatementRisk> risks = new ArrayList<>();
        for (MigrationStatus migration : pending) {
            if (migration.script() == null) continue;
            String sql = migration.script().sql();
            if (sql == null) {
                risks.add(new StatementRisk(migration.id(), 0, "", Risk.UNCLASSIFIED,
                        "not an SQL file (" + migration.script().location() + "): not read", null, null));
                continue;
            }
            List<StatementRisk> found = new ArrayList<>();
            for (SqlScanner.Statement statement : SqlScanner.statements(sql, mysql)) {
                for (StatementRisk risk : classifier.classify(migration.id(), statement)) {
                    if (risk.risk() != Risk.SAFE) found.add(risk);
                }
            }
            found.forEach(r -> risks.add(withRenameHint(r, classifier)));
        }
        if (!measure) return risks;
        List<Measure> measures = risks.stream().map(StatementRisk::measure).filter(m -> m != null).toList();
        List<Count> counts = measures.isEmpty() ? List.of() : data.measure(measures);
        List<StatementRisk> measured = new ArrayList<>();
        int next = 0;
        for (StatementRisk risk : risks) {
            measured.add(risk.measure() == null ? risk : risk.withCount(counts.get(next++)));
        }
        return measured;
    }
}
