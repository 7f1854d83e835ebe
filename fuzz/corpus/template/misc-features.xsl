<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:output method="text"/><xsl:key name="k" match="*" use="name()"/><xsl:variable name="v"><a/><b/></xsl:variable>
<xsl:template match="/"><xsl:apply-templates select="exsl:node-set($v)/*" mode="m"/><xsl:number/><xsl:value-of select="format-number(1 div 3, '#.00')"/><xsl:value-of select="count(key('k', 'x'))"/></xsl:template>
<xsl:template match="*" mode="m"><xsl:element name="{name()}"><xsl:attribute name="onclick">x</xsl:attribute></xsl:element></xsl:template>
</xsl:stylesheet>
